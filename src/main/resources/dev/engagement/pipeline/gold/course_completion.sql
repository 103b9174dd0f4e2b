-- gold.course_completion: per course, how many distinct students it has and how many of them
-- reached 100% progress. (Counts students, not rows.)
SELECT
  CourseID,
  TotalStudents,
  CompleteStudents,
  CAST(100.0 * CompleteStudents / TotalStudents AS DECIMAL(5, 2)) AS CompletionRate
FROM (
  SELECT
    CourseID,
    COUNT(DISTINCT StudentID) AS TotalStudents,
    COUNT(DISTINCT CASE WHEN MaxProgressPercentage = 100 THEN StudentID END) AS CompleteStudents
  FROM ${gold}
  GROUP BY CourseID
)
