-- region_latest: one row per region: its latest report (by report year, then report date,
-- then batch; each report once, in its latest file), with its date, period, counts of
-- goals, sub-goals and measures, and its measures by latest status (see measures).
-- Key: region. Reports that name no region are left out.
CREATE OR REPLACE VIEW region_latest AS
WITH reports AS (
    SELECT * FROM report_summary
    WHERE region IS NOT NULL
),
ranked AS (
    SELECT
        *,
        count(*) OVER (PARTITION BY region) AS region_reports,
        row_number() OVER (
            PARTITION BY region ORDER BY report_year DESC NULLS LAST, report_date DESC NULLS LAST, batch DESC, doc_id
        ) AS recency
    FROM reports
),
by_status AS (
    SELECT
        doc_id,
        count(*) FILTER (WHERE status = 'done') AS measures_done,
        count(*) FILTER (WHERE status = 'on_track') AS measures_on_track,
        count(*) FILTER (WHERE status = 'delayed') AS measures_delayed,
        count(*) FILTER (WHERE status = 'not_started') AS measures_not_started,
        count(*) FILTER (WHERE status = 'cancelled') AS measures_cancelled,
        count(*) FILTER (WHERE status = 'unknown') AS measures_unknown
    FROM measures
    GROUP BY doc_id
),
renamed AS (
    SELECT
        region,
        doc_id,
        report_id,
        title,
        doc_type,
        batch,
        file_name,
        report_date,
        report_year,
        period_start,
        period_end,
        main_goals,
        sub_goals,
        measures,
        progress_status,
        coalesce(b.measures_done, 0) AS measures_done,
        coalesce(b.measures_on_track, 0) AS measures_on_track,
        coalesce(b.measures_delayed, 0) AS measures_delayed,
        coalesce(b.measures_not_started, 0) AS measures_not_started,
        coalesce(b.measures_cancelled, 0) AS measures_cancelled,
        coalesce(b.measures_unknown, 0) AS measures_unknown,
        region_reports
    FROM ranked
    LEFT JOIN by_status b USING (doc_id)
    WHERE recency = 1
)
SELECT * FROM renamed;
