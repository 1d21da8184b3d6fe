-- region_summary: one row per region and report (latest loaded version of each document).
-- Key: doc_id. Counts of sub-goals and measures, working groups established and being
-- established, and the progress assessment with the sentence that decided it.
CREATE OR REPLACE VIEW region_summary AS
WITH docs AS (
    SELECT doc_id, region, report_date, doc_type, file_name
    FROM latest_documents
    WHERE status = 'loaded'
),
goal_counts AS (
    SELECT
        doc_id,
        count(*) FILTER (WHERE level = 'main_goal') AS main_goals,
        count(*) FILTER (WHERE level = 'sub_goal') AS sub_goals,
        count(*) FILTER (WHERE level = 'measure') AS measures
    FROM goals
    GROUP BY doc_id
),
unit_counts AS (
    SELECT
        doc_id,
        count(*) FILTER (WHERE kind = 'working_group' AND status = 'established') AS working_groups_established,
        count(*) FILTER (WHERE kind = 'working_group' AND status = 'being_established') AS working_groups_being_established,
        count(*) AS organisation_units
    FROM organisation_units
    GROUP BY doc_id
),
renamed AS (
    SELECT
        d.doc_id,
        coalesce(d.region, '(unknown region)') AS region,
        d.report_date,
        d.doc_type,
        d.file_name,
        coalesce(g.main_goals, 0) AS main_goals,
        coalesce(g.sub_goals, 0) AS sub_goals,
        coalesce(g.measures, 0) AS measures,
        coalesce(u.working_groups_established, 0) AS working_groups_established,
        coalesce(u.working_groups_being_established, 0) AS working_groups_being_established,
        coalesce(u.organisation_units, 0) AS organisation_units,
        coalesce(p.status, 'unknown') AS progress_status,
        p.evidence AS progress_evidence
    FROM docs d
    LEFT JOIN goal_counts g USING (doc_id)
    LEFT JOIN unit_counts u USING (doc_id)
    LEFT JOIN progress_assessments p USING (doc_id)
)
SELECT * FROM renamed;
