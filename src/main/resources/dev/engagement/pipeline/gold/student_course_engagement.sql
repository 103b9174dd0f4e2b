-- gold.student_course_engagement: one row per (StudentID, CourseID). Sums and counts are kept,
-- so merging a new silver batch into the previous gold is exact: the previous rows and the
-- batch's rows are aggregated together, and the average is recomputed from the totals.
SELECT
  StudentID,
  CourseID,
  CAST(SUM(EngagementScoreSum) AS DOUBLE) / SUM(TotalLogins) AS AvgEngagementScore,
  SUM(TotalLogins) AS TotalLogins,
  SUM(EngagementScoreSum) AS EngagementScoreSum,
  MAX(MaxProgressPercentage) AS MaxProgressPercentage,
  MIN(FirstLoginTime) AS FirstLoginTime,
  MAX(LastLoginTime) AS LastLoginTime
FROM (
  -- Each silver row is one login (LoginTime is never NULL in silver).
  SELECT
    StudentID,
    CourseID,
    CAST(EngagementScore AS BIGINT) AS EngagementScoreSum,
    CAST(1 AS BIGINT) AS TotalLogins,
    ProgressPercentage AS MaxProgressPercentage,
    LoginTime AS FirstLoginTime,
    LoginTime AS LastLoginTime
  FROM ${silver}
  UNION ALL
  SELECT
    StudentID,
    CourseID,
    EngagementScoreSum,
    TotalLogins,
    MaxProgressPercentage,
    FirstLoginTime,
    LastLoginTime
  FROM ${previous_gold}
)
GROUP BY StudentID, CourseID
