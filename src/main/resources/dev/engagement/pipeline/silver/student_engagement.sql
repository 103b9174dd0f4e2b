-- silver.student_engagement: the bronze rows the quality rules admit, typed and masked.
-- ProgressPercentage is rounded half up to 2 decimals; a NULL EngagementScore counts as 0.
SELECT
  StudentIDValue AS StudentID,
  CourseIDValue AS CourseID,
  StudentEmailMasked AS StudentEmail,
  LoginTimeValue AS LoginTime,
  CAST(ProgressPercentageValue AS DECIMAL(5, 2)) AS ProgressPercentage,
  COALESCE(EngagementScoreValue, 0) AS EngagementScore,
  LastModifiedDateValue AS LastModifiedDate,
  DATE_FORMAT(LoginTimeValue, 'yyyy-MM-dd') AS LoginDate
FROM ${bronze_parsed}
WHERE ${admitted}
