-- measures: one row per measure (Tiltak) of every report in its latest file. Key: goal_id.
-- With the report's region (NULL: none named), date, year and period, the sub-goal it
-- belongs under (sub_goal_id, sub_goal: NULL when it stands alone) and its themes as a list.
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
        g.ordinal
    FROM goals_source g
    JOIN docs d USING (doc_id)
    LEFT JOIN goals_source p ON p.goal_id = g.parent_goal_id
    LEFT JOIN themes t ON t.goal_id = g.goal_id
    WHERE g.level = 'measure'
)
SELECT * FROM renamed;
