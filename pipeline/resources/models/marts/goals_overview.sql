-- goals_overview: one row per goal or measure of the latest version of every loaded document.
-- Key: goal_id. Region and report date come from the document; parent_text is the text
-- of the goal it belongs under (a measure's sub-goal).
CREATE OR REPLACE VIEW goals_overview AS
WITH goals_source AS (
    SELECT * FROM goals
),
docs AS (
    SELECT doc_id, region, report_date, doc_type, file_name, batch
    FROM latest_documents
    WHERE status = 'loaded'
),
renamed AS (
    SELECT
        g.goal_id,
        g.doc_id,
        d.region,
        d.report_date,
        d.doc_type,
        d.batch,
        d.file_name,
        g.level,
        g.number,
        g.label,
        g.text,
        g.text_nb,
        g.lemma_key,
        g.variety,
        g.ordinal,
        g.parent_goal_id,
        p.text AS parent_text
    FROM goals_source g
    JOIN docs d USING (doc_id)
    LEFT JOIN goals_source p ON p.goal_id = g.parent_goal_id
)
SELECT * FROM renamed;
