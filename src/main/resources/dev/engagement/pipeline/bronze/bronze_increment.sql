-- The bronze rows an incremental run processes: LastModifiedDate after the stored watermark.
SELECT *
FROM ${bronze_parsed}
WHERE LastModifiedDateValue > ${watermark}
