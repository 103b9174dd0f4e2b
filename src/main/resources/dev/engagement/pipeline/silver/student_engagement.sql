-- silver.student_engagement: the bronze rows the quality rules admit, typed and masked.
-- ProgressPercentage is rounded half up to 2 decimals; a NULL EngagementScore counts as 0.
-- LoginDate, the partition, is DATE_FORMAT(LoginTime, 'yyyy-MM-dd') (ISO_DATE spells it faster).
SELECT
  StudentIDValue AS StudentID,
  CourseIDValue AS CourseID,
  StudentEmailMasked AS StudentEmail,
  LoginTimeValue AS LoginTime,
  CAST(ProgressPercentageValue AS DECIMAL(5, 2)) AS ProgressPercentage,
  COALESCE(EngagementScoreValue, 0) AS EngagementScore,
  LastModifiedDateValue AS LastModifiedDate,
  ISO_DATE(LoginTimeValue) AS LoginDate
FROM ${bronze_parsed}
WHERE ${admitted}
