-- gold.top_students: the 10 students with the highest average, over their courses, of
-- AvgEngagementScore; ties go to the smaller StudentID, a NULL one (null_student_id set to warn)
-- after the others.
SELECT `Rank`, StudentID, AvgEngagementScore
FROM (
  SELECT
    StudentID,
    AvgEngagementScore,
    CAST(ROW_NUMBER() OVER (ORDER BY AvgEngagementScore DESC, StudentID ASC NULLS LAST) AS INT) AS `Rank`
  FROM (
    SELECT StudentID, AVG(AvgEngagementScore) AS AvgEngagementScore
    FROM ${gold}
    GROUP BY StudentID
  )
)
WHERE `Rank` <= 10
