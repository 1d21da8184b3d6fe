-- region_latest: one row per region: its latest report (by report year, then report date,
-- then batch; each report once, in its latest file), with its date, period and counts of
-- goals, sub-goals and measures. Key: region. Reports that name no region are left out.
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
        region_reports
    FROM ranked
    WHERE recency = 1
)
SELECT * FROM renamed;
