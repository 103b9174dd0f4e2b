-- Rows with both keys present that silver does not admit: the bronze values as strings (the
-- email masked), with the first rule they break and a message naming the bad value.
SELECT
  ${error_timestamp} AS ErrorTimestamp,
  ${error_code} AS ErrorCode,
  ${error_message} AS ErrorMessage,
  StudentID,
  CourseID,
  StudentEmailMasked AS StudentEmail,
  LoginTime,
  ProgressPercentage,
  EngagementScore,
  LastModifiedDate,
  ${error_date} AS ErrorDate
FROM ${bronze_parsed}
WHERE ${recorded}
