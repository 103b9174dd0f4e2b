-- Error_NullValues: bronze rows whose StudentID, CourseID or EngagementScore is NULL or blank,
-- with their raw values.
SELECT
  ${error_timestamp} AS ErrorTimestamp,
  ${error_code} AS ErrorCode,
  StudentID,
  CourseID,
  EngagementScore,
  ${error_date} AS ErrorDate
FROM ${bronze_parsed}
WHERE ${recorded}
