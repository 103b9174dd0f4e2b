-- The previous gold rows of the courses a batch touches: the rows its merge rewrites.
-- A join, not an IN subquery: the planner shares a joined view with the other outputs, while a
-- subquery is planned (and bronze scanned) anew.
SELECT g.*
FROM ${previous_gold} AS g
JOIN (SELECT DISTINCT CourseID FROM ${silver}) AS batch ON g.CourseID = batch.CourseID
