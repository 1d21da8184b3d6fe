-- latest_documents: one row per report in its latest version, loaded or not (a file that
-- failed is a report of its own). Key: doc_id (unique; report_id is unique too).
-- Left out: older versions of a changed file (superseded_by), files that another file
-- stands for (replaced_by: the same report in another format, or an earlier version of a
-- revised report in a later batch), and duplicates (same bytes under another path).
CREATE OR REPLACE VIEW latest_documents AS
WITH documents_source AS (
    SELECT * FROM documents
),
renamed AS (
    SELECT
        doc_id,
        coalesce(report_id, doc_id) AS report_id,
        title,
        batch,
        path,
        file_name,
        format,
        doc_type,
        region,
        report_date,
        report_year,
        period_start,
        period_end,
        variety,
        n_pages,
        status,
        error,
        extraction,
        ingested_at
    FROM documents_source
    WHERE superseded_by IS NULL
      AND replaced_by IS NULL
      AND status <> 'duplicate'
)
SELECT * FROM renamed;
