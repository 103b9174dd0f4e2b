-- The row counts a run publishes as accumulators: bronze rows read, the rows of erased students
-- among them, silver rows, rows per ErrorCode in each quality table, and gold rows written.
SELECT 'bronze_read' AS Name, COUNT(*) AS `Rows` FROM ${bronze}
UNION ALL
SELECT 'erased', (SELECT COUNT(*) FROM ${bronze}) - (SELECT COUNT(*) FROM ${kept})
UNION ALL
SELECT 'silver', COUNT(*) FROM ${silver}
UNION ALL
SELECT ErrorCode, COUNT(*) FROM ${null_violations} GROUP BY ErrorCode
UNION ALL
SELECT ErrorCode, COUNT(*) FROM ${rejected_rows} GROUP BY ErrorCode
UNION ALL
SELECT 'gold', COUNT(*) FROM ${gold}
