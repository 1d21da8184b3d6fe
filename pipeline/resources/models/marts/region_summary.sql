-- region_summary: one row per region named by at least one loaded report. Key: region.
-- Over the region's reports (each report once, in its latest file): how many, the years
-- they span, goals, sub-goals and measures in all, and the latest report's progress.
CREATE OR REPLACE VIEW region_summary AS
WITH reports AS (
    SELECT * FROM report_summary
    WHERE region IS NOT NULL
),
latest AS (
    -- the latest report of each region, as region_latest chooses it
    SELECT l.region, l.doc_id, r.progress_status, r.progress_evidence
    FROM region_latest l
    JOIN reports r USING (doc_id)
),
totals AS (
    SELECT
        region,
        count(*) AS reports,
        min(coalesce(period_start, report_year)) AS first_year,
        max(coalesce(period_end, report_year)) AS last_year,
        sum(main_goals) AS main_goals,
        sum(sub_goals) AS sub_goals,
        sum(measures) AS measures,
        sum(working_groups_established) AS working_groups_established,
        sum(working_groups_being_established) AS working_groups_being_established
    FROM reports
    GROUP BY region
),
renamed AS (
    SELECT
        t.region,
        t.reports,
        t.first_year,
        t.last_year,
        t.main_goals,
        t.sub_goals,
        t.measures,
        t.working_groups_established,
        t.working_groups_being_established,
        l.doc_id AS latest_doc_id,
        l.progress_status AS latest_progress_status,
        l.progress_evidence AS latest_progress_evidence
    FROM totals t
    JOIN latest l USING (region)
)
SELECT * FROM renamed;
