-- The previous gold rows of the courses a batch does not touch: committed gold keeps them as
-- they are; the reports are computed from them and the merged rows together.
-- An anti join, not NOT EXISTS, for the reason previous_gold_of_batch_courses gives; NULL-safe
-- as that one, so a match is told by `touched`, not by a NULL CourseID.
SELECT g.*
FROM ${previous_gold} AS g
LEFT JOIN (SELECT DISTINCT CourseID, TRUE AS touched FROM ${silver}) AS batch
  ON g.CourseID IS NOT DISTINCT FROM batch.CourseID
WHERE batch.touched IS NULL
