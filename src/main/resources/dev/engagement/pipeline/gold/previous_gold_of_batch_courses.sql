-- The previous gold rows of the courses a batch touches: the rows its merge rewrites.
SELECT *
FROM ${previous_gold}
WHERE CourseID IN (SELECT CourseID FROM ${silver})
