"""rapport: a staged ETL from Norwegian public-sector progress reports to a DuckDB warehouse.

raw -> discover -> extract -> repair -> segment -> structure -> normalise -> load -> models
"""

import os

__version__ = "0.1.0"


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1
