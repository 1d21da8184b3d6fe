-- latest_documents: one row per file path (batch + path) in its latest version, loaded or not.
-- Key: doc_id (unique). Older versions of a changed file are kept in `documents` with
-- superseded_by set; duplicates (same bytes under another path) are left out here.
CREATE OR REPLACE VIEW latest_documents AS
WITH documents_source AS (
    SELECT * FROM documents
),
renamed AS (
    SELECT
        doc_id,
        batch,
        path,
        file_name,
        format,
        doc_type,
        region,
        report_date,
        variety,
        n_pages,
        status,
        error,
        ingested_at
    FROM documents_source
    WHERE superseded_by IS NULL
      AND status <> 'duplicate'
)
SELECT * FROM renamed;
