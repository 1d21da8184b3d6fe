-- measures: one row per measure (Tiltak) of every report in its latest file. Key: goal_id.
-- With the report's region (NULL: none named), date, year and period, the sub-goal it
-- belongs under (sub_goal_id, sub_goal: NULL when it stands alone), its themes as a list,
-- and its latest status: what the latest report that speaks of it says (this report, or
-- a later or earlier one of the same region naming the same measure, by lemma key), with
-- the evidence and the report that says so; 'unknown' when no report says.
CREATE OR REPLACE VIEW measures AS
WITH docs AS (
    SELECT doc_id, report_id, region, batch, file_name, title, report_date, report_year, period_start, period_end
    FROM latest_documents
    WHERE status = 'loaded'
),
goals_source AS (
    SELECT * FROM goals
),
themes AS (
    SELECT goal_id, list(theme ORDER BY theme) AS themes
    FROM goal_themes
    GROUP BY goal_id
),
said AS (
    -- every status a report states, with what it takes to find the same measure elsewhere
    SELECT
        s.goal_id AS said_of,
        s.status,
        s.evidence,
        s.doc_id AS status_doc_id,
        d.report_date AS status_report_date,
        d.region,
        g.lemma_key,
        coalesce(d.report_year, year(d.report_date)) AS said_year,
        d.batch AS said_batch
    FROM measure_status s
    JOIN goals_source g ON g.goal_id = s.goal_id
    JOIN documents d ON d.doc_id = s.doc_id
    WHERE d.status = 'loaded' AND d.superseded_by IS NULL
),
renamed AS (
    SELECT
        g.goal_id,
        g.doc_id,
        d.report_id,
        d.region,
        d.batch,
        d.file_name,
        d.title AS report_title,
        d.report_date,
        d.report_year,
        d.period_start,
        d.period_end,
        g.number,
        g.label,
        g.text,
        g.text_nb,
        g.variety,
        p.goal_id AS sub_goal_id,
        p.text AS sub_goal,
        coalesce(t.themes, []::VARCHAR[]) AS themes,
        g.ordinal,
        g.lemma_key
    FROM goals_source g
    JOIN docs d USING (doc_id)
    LEFT JOIN goals_source p ON p.goal_id = g.parent_goal_id
    LEFT JOIN themes t ON t.goal_id = g.goal_id
    WHERE g.level = 'measure'
),
latest_word AS (
    SELECT
        r.goal_id,
        w.status,
        w.evidence,
        w.status_doc_id,
        w.status_report_date
    FROM renamed r
    JOIN said w
        ON w.said_of = r.goal_id
        OR (r.region IS NOT NULL AND w.region = r.region AND coalesce(r.lemma_key, '') <> '' AND w.lemma_key = r.lemma_key)
    QUALIFY row_number() OVER (
        PARTITION BY r.goal_id
        ORDER BY w.said_year DESC NULLS LAST, w.status_report_date DESC NULLS LAST, w.said_batch DESC, w.said_of = r.goal_id DESC
    ) = 1
),
final AS (
    SELECT
        r.* EXCLUDE (lemma_key),
        coalesce(l.status, 'unknown') AS status,
        l.evidence AS status_evidence,
        l.status_doc_id,
        l.status_report_date
    FROM renamed r
    LEFT JOIN latest_word l USING (goal_id)
)
SELECT * FROM final;
