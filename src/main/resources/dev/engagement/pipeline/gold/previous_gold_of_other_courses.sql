-- The previous gold rows of the courses a batch does not touch: committed gold keeps them as
-- they are; the reports are computed from them and the merged rows together.
SELECT *
FROM ${previous_gold} AS g
WHERE NOT EXISTS (SELECT 1 FROM ${silver} AS s WHERE s.CourseID = g.CourseID)
