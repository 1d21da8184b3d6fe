"""rapport: a staged ETL from Norwegian public-sector progress reports to a DuckDB warehouse.

raw -> discover -> extract -> repair -> segment -> structure -> normalise -> load -> models
"""

__version__ = "0.1.0"
