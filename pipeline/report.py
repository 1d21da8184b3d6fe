"""`rapport report OUT.html`: one self-contained HTML overview of the warehouse.

Everything is in the one file (styles inline, the chart an inline SVG, no script, no
font or image from the network), so it can go on an intranet share or in an e-mail.
It reads the views dashboards read: per region its latest report (region_latest), that
report's goal tree (goals_overview), the progress the report states (report_summary),
and the measures of every report by year (measures).
"""

from __future__ import annotations

import datetime as dt
from html import escape

import duckdb

STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem; color: #1d2733; max-width: 70rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
.meta { color: #57606a; } .tiles { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.tile { border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem 1rem; min-width: 8rem; }
.tile b { display: block; font-size: 1.6rem; } table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eaeef2; vertical-align: top; }
.status { padding: .05rem .4rem; border-radius: 4px; font-size: .85rem; }
.on_track, .ahead, .done { background: #dafbe1; } .not_started { background: #eaeef2; } .cancelled { background: #ffebe9; } .delayed { background: #ffebe9; } .mixed { background: #fff8c5; }
.unknown { background: #eaeef2; } ul.tree { margin: .2rem 0 .6rem 1rem; } details { margin: .4rem 0; }
summary { cursor: pointer; font-weight: 600; } .level { color: #57606a; font-size: .85rem; }
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _bar_chart(counts: list[tuple[str, int]], width: int = 640, height: int = 180) -> str:
    """An inline SVG bar chart of (label, count)."""
    if not counts:
        return "<p class='meta'>No measures with a known year yet.</p>"
    top = max(c for _, c in counts) or 1
    bar = min(width / len(counts), 90.0)
    parts = [f"<svg role='img' aria-label='Measures by report year' width='{width}' height='{height + 30}'>"]
    for i, (label, count) in enumerate(counts):
        h = (height - 20) * count / top
        x = i * bar + 4
        parts.append(
            f"<rect x='{x:.1f}' y='{height - h:.1f}' width='{bar - 8:.1f}' height='{h:.1f}' fill='#4c78a8'>"
            f"<title>{escape(label)}: {count}</title></rect>"
            f"<text x='{x + (bar - 8) / 2:.1f}' y='{height - h - 4:.1f}' font-size='12' text-anchor='middle'>{count}</text>"
            f"<text x='{x + (bar - 8) / 2:.1f}' y='{height + 16}' font-size='12' text-anchor='middle'>{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _tree(goals: list[dict]) -> str:
    children: dict[str | None, list[dict]] = {}
    ids = {g["goal_id"] for g in goals}
    for g in goals:
        parent = g["parent_goal_id"] if g["parent_goal_id"] in ids else None
        children.setdefault(parent, []).append(g)
    names = {"main_goal": "main goal", "sub_goal": "sub-goal", "measure": "measure"}

    def items(parent: str | None) -> str:
        out = []
        for g in children.get(parent, []):
            label = " ".join(x for x in (g["label"], g["number"]) if x)
            head = f"<span class='level'>{escape(names.get(g['level'], g['level']))}"
            head += f" {escape(label)}</span> " if label else "</span> "
            out.append(f"<li>{head}{escape(g['text'])}{items(g['goal_id'])}</li>")
        return f"<ul class='tree'>{''.join(out)}</ul>" if out else ""

    return items(None)


def render(con: duckdb.DuckDBPyConnection, title: str = "Regions' goals and measures") -> str:
    totals = _rows(
        con,
        "SELECT (SELECT count(*) FROM report_summary) AS reports, "
        "(SELECT count(*) FROM region_latest) AS regions, "
        "(SELECT count(*) FROM goals_overview WHERE level <> 'measure') AS goals, "
        "(SELECT count(*) FROM measures) AS measures",
    )[0]
    regions = _rows(con, "SELECT * FROM region_latest ORDER BY region")
    statuses = _rows(
        con,
        "SELECT progress_status AS status, count(*) AS reports FROM report_summary GROUP BY ALL ORDER BY reports DESC",
    )
    measure_states = _rows(
        con, "SELECT status, count(*) AS measures FROM measures GROUP BY ALL ORDER BY measures DESC, status"
    )
    by_year = [
        (str(r["year"]), r["measures"])
        for r in _rows(
            con,
            "SELECT report_year AS year, count(*) AS measures FROM measures WHERE report_year IS NOT NULL "
            "GROUP BY ALL ORDER BY year",
        )
    ]
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    out = [
        "<!doctype html><html lang='nb'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1><p class='meta'>From the rapport warehouse, {now}. Each report counts once "
        "(a report in two formats or in several revisions is one).</p>",
        "<div class='tiles'>",
    ]
    for key, label in (
        ("regions", "regions"),
        ("reports", "reports"),
        ("goals", "goals"),
        ("measures", "measures"),
    ):
        out.append(f"<div class='tile' id='tile-{key}'><b>{totals[key]}</b>{label}</div>")
    out.append("</div>")
    out.append("<h2>Measures by status</h2><table><tr><th>status</th><th>measures</th></tr>")
    for s in measure_states:
        out.append(
            f"<tr><td><span class='status {escape(s['status'])}'>{escape(s['status'])}</span></td><td>{s['measures']}</td></tr>"
        )
    out.append("</table>")
    out.append("<h2>Progress the reports state</h2><table><tr><th>status</th><th>reports</th></tr>")
    for s in statuses:
        out.append(
            f"<tr><td><span class='status {escape(s['status'])}'>{escape(s['status'])}</span></td><td>{s['reports']}</td></tr>"
        )
    out.append("</table>")
    out.append("<h2>Measures by report year</h2>" + _bar_chart(by_year))
    out.append("<h2>Regions</h2><table><tr><th>region</th><th>latest report</th><th>year</th><th>period</th>")
    out.append(
        "<th>sub-goals</th><th>measures</th><th>done</th><th>on track</th><th>delayed</th><th>progress</th></tr>"
    )
    for r in regions:
        period = f"{r['period_start']}–{r['period_end']}" if r["period_start"] else ""
        out.append(
            f"<tr><td>{escape(r['region'])}</td><td>{escape(r['title'] or r['file_name'])}</td>"
            f"<td>{r['report_year'] or ''}</td><td>{period}</td><td>{r['sub_goals']}</td><td>{r['measures']}</td>"
            f"<td>{r['measures_done']}</td><td>{r['measures_on_track']}</td><td>{r['measures_delayed']}</td>"
            f"<td><span class='status {escape(r['progress_status'])}'>{escape(r['progress_status'])}</span></td></tr>"
        )
    out.append("</table><h2>Goal trees of each region's latest report</h2>")
    for r in regions:
        goals = _rows(
            con,
            "SELECT goal_id, parent_goal_id, level, label, number, text FROM goals_overview WHERE doc_id = ? ORDER BY ordinal",
            [r["doc_id"]],
        )
        out.append(
            f"<details open><summary>{escape(r['region'])} ({len(goals)} goals and measures)</summary>"
            f"{_tree(goals) or '<p class=meta>No goals found in this report.</p>'}</details>"
        )
    out.append("</body></html>")
    return "\n".join(out)
