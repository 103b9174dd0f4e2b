-- What a run read: its row count, and the greatest valid LastModifiedDate (the next watermark).
SELECT
  COUNT(*) AS BronzeRows,
  MAX(LastModifiedDateValue) AS MaxLastModifiedDate
FROM ${bronze_parsed}
