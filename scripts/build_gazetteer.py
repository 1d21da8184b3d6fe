"""Copy what the pipeline needs from SSB's municipality tables into pipeline/resources.

Reads the reference folder (../shared/reference/kommuner by default) and writes
pipeline/resources/kommuner.csv: one row per municipality per year of the tables
(2013, 2017, 2018, 2019, 2020) with its number, name and 2020 number.

    python scripts/build_gazetteer.py [REFERENCE_DIR]
"""

import csv
import sys
from pathlib import Path

ref = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/kommuner")
out = Path(__file__).resolve().parent.parent / "pipeline" / "resources" / "kommuner.csv"

to_2020 = {}
with open(ref / "kommunenummer_fra2013_til2020_long.csv", encoding="utf-8") as fh:
    for row in csv.DictReader(fh, delimiter=";"):
        to_2020[row["historisk_nummer"]] = row["kommunenummer_2020"]
with open(ref / "alle_kommunenummer_fra2013_til2020_wide.csv", encoding="utf-8") as fh:
    for row in csv.DictReader(fh, delimiter=";"):
        for year in ("2013", "2017", "2018", "2019"):
            to_2020.setdefault(row[f"kommunenummer_{year}"], row["kommunenummer_2020"])

rows = []
for year in ("2013", "2017", "2018", "2019", "2020"):
    with open(ref / f"ssb_kommunekoder_{year}.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if row["level"] != "1":
                continue
            number = row["code"]
            n2020 = number if year == "2020" else to_2020.get(number, "")
            rows.append((year, number, row["name"], n2020))

with open(out, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["year", "kommunenummer", "name", "kommunenummer_2020"])
    w.writerows(rows)
print(f"{len(rows)} rows -> {out}")
