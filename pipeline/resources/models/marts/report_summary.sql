-- report_summary: one row per report (its latest loaded file; a report in two formats or
-- in several revisions is one row). Key: doc_id (report_id is unique too). Counts of goals,
-- sub-goals and measures, working groups established and being established, and the
-- progress assessment with the sentence that decided it. region NULL: no region named.
CREATE OR REPLACE VIEW report_summary AS
WITH docs AS (
    SELECT doc_id, report_id, region, report_date, report_year, period_start, period_end, doc_type, title, batch, file_name
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
        d.report_id,
        d.region,
        d.report_date,
        d.report_year,
        d.period_start,
        d.period_end,
        d.doc_type,
        d.title,
        d.batch,
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
