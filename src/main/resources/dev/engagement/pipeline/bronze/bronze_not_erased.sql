-- The bronze rows of students not erased from the lake: an erased student's rows reach no
-- table, in any later run, full or incremental (the run log counts them).
SELECT *
FROM ${bronze_parsed}
WHERE NOT IS_ERASED(StudentIDValue)
