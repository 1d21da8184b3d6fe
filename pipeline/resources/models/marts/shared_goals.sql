-- shared_goals: one row per group of similar goals (goal_groups) that spans more than one
-- region. Key: group_id. Lists the regions and one example text per group.
CREATE OR REPLACE VIEW shared_goals AS
WITH members AS (
    SELECT gg.group_id, o.goal_id, o.region, o.level, o.text_nb
    FROM goal_groups gg
    JOIN goals_overview o USING (goal_id)
),
renamed AS (
    SELECT
        group_id,
        count(DISTINCT region) AS n_regions,
        count(*) AS n_goals,
        string_agg(DISTINCT region, ', ' ORDER BY region) AS regions,
        min(text_nb) AS example_text_nb
    FROM members
    WHERE region IS NOT NULL
    GROUP BY group_id
)
SELECT * FROM renamed
WHERE n_regions > 1;
