"""A starter dashboard over the rapport warehouse (`make dashboard`).

Filters by region, batch and year; tiles for regions, goals and measures by status;
measures by theme; the latest progress per region; municipalities with kommunenummer.
It reads the published warehouse read-only, one short connection per page load, so it
never blocks an ingest (and sees a new run when the page is reloaded).

    streamlit run dashboard/app.py -- --warehouse warehouse/reports.duckdb
"""

from __future__ import annotations

import argparse
import os

import duckdb
import streamlit as st

parser = argparse.ArgumentParser()
parser.add_argument("--warehouse", default=os.environ.get("RAPPORT_WAREHOUSE", "warehouse/reports.duckdb"))
args, _ = parser.parse_known_args()


@st.cache_data(ttl=30)
def load(path: str) -> dict:
    con = duckdb.connect(path, read_only=True)
    try:
        return {
            "measures": con.execute("SELECT * FROM measures").df(),
            "regions": con.execute("SELECT * FROM region_latest ORDER BY region").df(),
            "reports": con.execute("SELECT * FROM report_summary").df(),
            "goals": con.execute("SELECT * FROM goals_overview").df(),
            "municipalities": con.execute(
                "SELECT d.region, m.name, m.kommunenummer, m.kommunenummer_2024, sum(m.mentions) AS mentions "
                "FROM municipality_mentions m JOIN latest_documents d USING (doc_id) GROUP BY ALL ORDER BY region, name"
            ).df(),
        }
    finally:
        con.close()


st.set_page_config(page_title="rapport: regions' goals", layout="wide")
st.title("Regions' goals and measures")
try:
    data = load(args.warehouse)
except duckdb.Error as exc:
    st.error(f"cannot read the warehouse {args.warehouse}: {exc}. Run `make ingest` first.")
    st.stop()

measures, reports = data["measures"], data["reports"]
regions = sorted(r for r in reports["region"].dropna().unique())
batches = sorted(reports["batch"].dropna().unique())
years = sorted(int(y) for y in reports["report_year"].dropna().unique())
with st.sidebar:
    chosen_regions = st.multiselect("Region", regions, default=regions)
    chosen_batches = st.multiselect("Batch", batches, default=batches)
    year_range = (
        st.select_slider("Year", options=years, value=(years[0], years[-1])) if len(years) > 1 else None
    )


def keep(frame):
    out = frame[frame["region"].isin(chosen_regions) & frame["batch"].isin(chosen_batches)]
    if year_range is not None:
        out = out[out["report_year"].between(*year_range) | out["report_year"].isna()]
    return out


m = keep(measures)
rep = keep(reports)
cols = st.columns(5)
cols[0].metric("Regions", rep["region"].nunique())
cols[1].metric("Reports", len(rep))
cols[2].metric("Goals", int(rep["main_goals"].sum() + rep["sub_goals"].sum()))
cols[3].metric("Measures", len(m))
cols[4].metric("Measures done", int((m["status"] == "done").sum()))

left, right = st.columns(2)
with left:
    st.subheader("Measures by status")
    st.bar_chart(m["status"].value_counts())
with right:
    st.subheader("Measures by theme")
    themes = m.explode("themes")["themes"].dropna()
    st.bar_chart(themes.value_counts() if len(themes) else None)

st.subheader("Latest report per region")
latest = data["regions"]
st.dataframe(
    latest[latest["region"].isin(chosen_regions)][
        [
            "region",
            "title",
            "report_year",
            "period_start",
            "period_end",
            "measures",
            "measures_done",
            "measures_on_track",
            "measures_delayed",
            "progress_status",
        ]
    ],
    hide_index=True,
)
st.subheader("Measures")
st.dataframe(m[["region", "report_year", "number", "text", "sub_goal", "status", "themes"]], hide_index=True)
st.subheader("Municipalities named")
mun = data["municipalities"]
st.dataframe(mun[mun["region"].isin(chosen_regions)], hide_index=True)
