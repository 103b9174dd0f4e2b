-- The previous gold rows of the courses a batch touches: the rows its merge rewrites.
-- A join, not an IN subquery: the planner shares a joined view with the other outputs, while a
-- subquery is planned (and bronze scanned) anew. NULL-safe: with null_course_id set to warn,
-- the NULL CourseID is a course too (still a hash join: the key just keeps its NULLs).
SELECT g.*
FROM ${previous_gold} AS g
JOIN (SELECT DISTINCT CourseID FROM ${silver}) AS batch ON g.CourseID IS NOT DISTINCT FROM batch.CourseID
