-- measures_by_region: one row per measure (Tiltak) of the latest reports, with its region,
-- report date, sub-goal and themes. Key: goal_id.
CREATE OR REPLACE VIEW measures_by_region AS
WITH overview AS (
    SELECT * FROM goals_overview
),
themes AS (
    SELECT goal_id, string_agg(theme, ', ' ORDER BY theme) AS themes
    FROM goal_themes
    GROUP BY goal_id
),
renamed AS (
    SELECT
        o.goal_id,
        coalesce(o.region, '(unknown region)') AS region,
        o.report_date,
        o.number,
        o.text AS measure,
        o.text_nb AS measure_nb,
        o.parent_text AS sub_goal,
        t.themes,
        o.file_name
    FROM overview o
    LEFT JOIN themes t USING (goal_id)
    WHERE o.level = 'measure'
)
SELECT * FROM renamed;
