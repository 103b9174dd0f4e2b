-- A gold table with no rows: the previous gold of a full run.
SELECT *
FROM (VALUES (
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  CAST(NULL AS DOUBLE),
  CAST(NULL AS BIGINT),
  CAST(NULL AS BIGINT),
  CAST(NULL AS DECIMAL(5, 2)),
  CAST(NULL AS TIMESTAMP(3)),
  CAST(NULL AS TIMESTAMP(3))
)) AS g (
  StudentID,
  CourseID,
  AvgEngagementScore,
  TotalLogins,
  EngagementScoreSum,
  MaxProgressPercentage,
  FirstLoginTime,
  LastLoginTime
)
WHERE FALSE
