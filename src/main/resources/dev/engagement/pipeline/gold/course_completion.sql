-- gold.course_completion: per course, how many students it has and how many of them reached
-- 100% progress. Gold holds one row per (StudentID, CourseID), so counting a course's gold rows
-- counts its distinct students (without the cost of a COUNT DISTINCT).
SELECT
  CourseID,
  TotalStudents,
  CompleteStudents,
  CAST(100.0 * CompleteStudents / TotalStudents AS DECIMAL(5, 2)) AS CompletionRate
FROM (
  SELECT
    CourseID,
    COUNT(*) AS TotalStudents,
    COUNT(*) FILTER (WHERE MaxProgressPercentage = 100) AS CompleteStudents
  FROM ${gold}
  GROUP BY CourseID
)
