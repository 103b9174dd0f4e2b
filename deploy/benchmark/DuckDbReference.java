import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's reference: the pipeline's full-run workload in DuckDB. It reads the bronze
 * parquet, applies the same rules (rules.psv, default bounds) and writes the same six tables as
 * parquet partitioned the same way, then prints each table's row count as the pipeline does, so
 * deploy/benchmark.sh can check that both engines produced the same rows.
 *   java -cp duckdb_jdbc.jar DuckDbReference BRONZE_DIR OUT_DIR
 */
public final class DuckDbReference {
  /** bronze_parsed: raw strings beside their parsed values (NULL when blank or unparseable). */
  private static final String PARSED = """
      CREATE TEMP TABLE parsed AS
      SELECT *,
        CASE WHEN EngagementDecimal = trunc(EngagementDecimal)
              AND EngagementDecimal BETWEEN -2147483648 AND 2147483647
             THEN CAST(EngagementDecimal AS INTEGER) END AS EngagementScoreValue
      FROM (
        SELECT
          StudentID, CourseID, LoginTime, ProgressPercentage, EngagementScore, LastModifiedDate,
          NULLIF(trim(StudentID), '') AS StudentIDValue,
          NULLIF(trim(CourseID), '') AS CourseIDValue,
          CASE WHEN NULLIF(trim(StudentEmail), '') IS NOT NULL
               THEN left(ltrim(StudentEmail), 1) || 'XX@XXXX.com' END AS StudentEmailMasked,
          try_strptime(trim(LoginTime), '%%Y-%%m-%%d %%H:%%M:%%S') AS LoginTimeValue,
          -- DECIMAL(18, 6), not the pipeline's (38, 18): DuckDB casts to 128-bit decimals about
          -- 70 times slower, and the generated values have two decimals.
          TRY_CAST(trim(ProgressPercentage) AS DECIMAL(18, 6)) AS ProgressPercentageValue,
          TRY_CAST(trim(EngagementScore) AS DECIMAL(18, 6)) AS EngagementDecimal,
          try_strptime(trim(LastModifiedDate), '%%Y-%%m-%%d %%H:%%M:%%S') AS LastModifiedDateValue
        FROM read_parquet('%s/*.parquet')
      )
      """;

  private static final String KEYS_PRESENT = "StudentIDValue IS NOT NULL AND CourseIDValue IS NOT NULL";
  private static final String ENGAGEMENT_BLANK = "NULLIF(trim(EngagementScore), '') IS NULL";
  private static final String REJECTED = """
      (LoginTimeValue IS NULL OR LastModifiedDateValue IS NULL
       OR ProgressPercentageValue IS NULL OR ProgressPercentageValue NOT BETWEEN 0 AND 100
       OR (NOT %s AND (EngagementScoreValue IS NULL OR EngagementScoreValue NOT BETWEEN 0 AND 100)))
      """.formatted(ENGAGEMENT_BLANK);

  private static final String SILVER = """
      CREATE TEMP TABLE silver AS
      SELECT
        StudentIDValue AS StudentID, CourseIDValue AS CourseID, StudentEmailMasked AS StudentEmail,
        LoginTimeValue AS LoginTime, CAST(ProgressPercentageValue AS DECIMAL(5, 2)) AS ProgressPercentage,
        COALESCE(EngagementScoreValue, 0) AS EngagementScore, LastModifiedDateValue AS LastModifiedDate,
        strftime(LoginTimeValue, '%%Y-%%m-%%d') AS LoginDate
      FROM parsed
      WHERE %s AND NOT %s
      """.formatted(KEYS_PRESENT, REJECTED);

  private static final String GOLD = """
      CREATE TEMP TABLE gold AS
      SELECT StudentID, CourseID,
        CAST(SUM(EngagementScore) AS DOUBLE) / COUNT(*) AS AvgEngagementScore,
        COUNT(*) AS TotalLogins, SUM(EngagementScore) AS EngagementScoreSum,
        MAX(ProgressPercentage) AS MaxProgressPercentage,
        MIN(LoginTime) AS FirstLoginTime, MAX(LoginTime) AS LastLoginTime
      FROM silver
      GROUP BY StudentID, CourseID
      """;

  /** rules.psv's message: the raw value quoted, or NULL. */
  private static String quoted(String column) {
    return "COALESCE('''' || " + column + " || '''', 'NULL')";
  }

  private static final Map<String, String> OUTPUTS = new LinkedHashMap<>();

  static {
    OUTPUTS.put("silver/student_engagement", "SELECT * FROM silver|LoginDate");
    OUTPUTS.put("quality/null_violations", """
        SELECT now() AS ErrorTimestamp,
          CASE WHEN StudentIDValue IS NULL THEN 'NULL_STUDENT_ID'
               WHEN CourseIDValue IS NULL THEN 'NULL_COURSE_ID'
               ELSE 'NULL_ENGAGEMENT_SCORE' END AS ErrorCode,
          StudentID, CourseID, EngagementScore, strftime(current_date, '%%Y-%%m-%%d') AS ErrorDate
        FROM parsed
        WHERE StudentIDValue IS NULL OR CourseIDValue IS NULL OR %s|ErrorDate
        """.formatted(ENGAGEMENT_BLANK));
    OUTPUTS.put("quality/rejected_rows", """
        SELECT now() AS ErrorTimestamp, ErrorCode,
          CASE ErrorCode
            WHEN 'INVALID_LOGIN_TIME' THEN 'LoginTime ' || %s || ' is not a timestamp yyyy-MM-dd HH:mm:ss'
            WHEN 'INVALID_LAST_MODIFIED_DATE'
              THEN 'LastModifiedDate ' || %s || ' is not a timestamp yyyy-MM-dd HH:mm:ss'
            WHEN 'INVALID_PROGRESS_PERCENTAGE'
              THEN 'ProgressPercentage ' || %s || ' is not a number in [0, 100]'
            ELSE 'EngagementScore ' || %s || ' is not a whole number in [0, 100]' END AS ErrorMessage,
          StudentID, CourseID, StudentEmailMasked AS StudentEmail, LoginTime, ProgressPercentage,
          EngagementScore, LastModifiedDate, strftime(current_date, '%%Y-%%m-%%d') AS ErrorDate
        FROM (
          SELECT *,
            CASE WHEN LoginTimeValue IS NULL THEN 'INVALID_LOGIN_TIME'
                 WHEN LastModifiedDateValue IS NULL THEN 'INVALID_LAST_MODIFIED_DATE'
                 WHEN ProgressPercentageValue IS NULL OR ProgressPercentageValue NOT BETWEEN 0 AND 100
                   THEN 'INVALID_PROGRESS_PERCENTAGE'
                 ELSE 'INVALID_ENGAGEMENT_SCORE' END AS ErrorCode
          FROM parsed
          WHERE %s AND %s
        )|ErrorDate
        """.formatted(quoted("LoginTime"), quoted("LastModifiedDate"), quoted("ProgressPercentage"),
            quoted("EngagementScore"), KEYS_PRESENT, REJECTED));
    OUTPUTS.put("gold/student_course_engagement", "SELECT * FROM gold|CourseID");
    OUTPUTS.put("gold/top_students", """
        SELECT CAST(ROW_NUMBER() OVER (ORDER BY AvgEngagementScore DESC, StudentID) AS INTEGER) AS Rank,
          StudentID, AvgEngagementScore
        FROM (SELECT StudentID, AVG(AvgEngagementScore) AS AvgEngagementScore FROM gold GROUP BY StudentID)
        QUALIFY Rank <= 10|""");
    OUTPUTS.put("gold/course_completion", """
        SELECT CourseID, COUNT(*) AS TotalStudents,
          COUNT(*) FILTER (WHERE MaxProgressPercentage = 100) AS CompleteStudents,
          -- Rounded half up in whole numbers: DuckDB divides decimals in DOUBLE, which rounds some
          -- exact halves down (100 * 2469 / 20000 = 12.345 becomes 12.34).
          CAST(CAST((20000 * COUNT(*) FILTER (WHERE MaxProgressPercentage = 100) + COUNT(*)) // (2 * COUNT(*))
            AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(5, 2)) AS CompletionRate
        FROM gold GROUP BY CourseID|""");
  }

  public static void main(String[] args) throws Exception {
    String bronze = args[0];
    Path out = Path.of(args[1]);
    for (String table : OUTPUTS.keySet()) {
      Files.createDirectories(out.resolve(table).getParent());
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      // Temporary tables that outgrow memory spill here, as Flink's sorts spill to its temp dir.
      sql.execute("SET temp_directory = '" + out.resolve(".duckdb_tmp") + "'");
      sql.execute(PARSED.formatted(bronze));
      System.out.printf("  %-34s %10d%n", "bronze rows read", count(sql, "parsed"));
      sql.execute(SILVER);
      sql.execute(GOLD);
      for (Map.Entry<String, String> output : OUTPUTS.entrySet()) {
        // The partition column follows the last '|' (the queries' '||' are concatenations).
        int bar = output.getValue().lastIndexOf('|');
        String[] queryAndPartition = {output.getValue().substring(0, bar), output.getValue().substring(bar + 1)};
        boolean partitioned = !queryAndPartition[1].isBlank();
        String options = partitioned
            ? "FORMAT PARQUET, COMPRESSION SNAPPY, PARTITION_BY (" + queryAndPartition[1].strip() + ")"
            : "FORMAT PARQUET, COMPRESSION SNAPPY";
        // A table is a folder of .parquet files, as in the lake, partitioned or not.
        Path target = out.resolve(output.getKey());
        if (!partitioned) {
          target = Files.createDirectories(target).resolve("data_0.parquet");
        }
        // COPY's update count is the number of rows it wrote.
        long rows = sql.executeLargeUpdate("COPY (" + queryAndPartition[0] + ") TO '" + target + "' (" + options + ")");
        System.out.printf("  %-34s %10d%n", output.getKey(), rows);
      }
    }
  }

  private static long count(Statement sql, String table) throws Exception {
    try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
