import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The benchmark's second reference: DuckDbReference's workload in Spark SQL, local[2]. It reads
 * the bronze parquet, parses it as strictly as the pipeline's parsers (BronzeFunctions), applies
 * rules.psv with the default bounds and writes the same six tables as Snappy parquet partitioned
 * the same way, then prints each table's row count as the pipeline does.
 *   java -Xmx2g --add-opens=... -cp 'spark/*:.' SparkReference BRONZE_DIR OUT_DIR
 * Beyond the benchmark's data it differs from the pipeline only where Spark has no exact
 * equivalent: decimals and whole numbers are read with at most 18 decimals (the pipeline's own
 * scale) and only with ASCII digits.
 */
public final class SparkReference {
  /** What Java's String.trim() removes (the pipeline's timestamp parser trims so). */
  private static final String TRIMMED = sqlChars(c -> c <= ' ');
  /** What String.strip() removes (the pipeline's decimal parsers strip so). */
  private static final String STRIPPED = sqlChars(Character::isWhitespace);
  /** java.math.BigDecimal's syntax with ASCII digits. */
  private static final String DECIMAL_SYNTAX = "^[+-]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)([eE][+-]?[0-9]+)?$";

  /** The timestamp parser: 'yyyy-MM-dd HH:mm:ss' with an optional fraction, strictly resolved. */
  private static String timestamp(String column) {
    return "try_to_timestamp(trim(BOTH " + TRIMMED + " FROM " + column + "), 'yyyy-MM-dd HH:mm:ss[.SSSSSSSSS]')";
  }

  /** The decimal parsers' value at the pipeline's DECIMAL(38, 18), NULL when not a number. */
  private static String decimal(String column) {
    String stripped = "trim(BOTH " + STRIPPED + " FROM " + column + ")";
    return "CASE WHEN " + stripped + " RLIKE '" + DECIMAL_SYNTAX + "' THEN try_cast(" + stripped
        + " AS DECIMAL(38, 18)) END";
  }

  private static final String PARSED = """
      SELECT *,
        CASE WHEN EngagementDecimal %% 1 = 0 THEN try_cast(EngagementDecimal AS INT) END AS EngagementScoreValue
      FROM (
        SELECT
          StudentID, CourseID, LoginTime, ProgressPercentage, EngagementScore, LastModifiedDate,
          NULLIF(trim(StudentID), '') AS StudentIDValue,
          NULLIF(trim(CourseID), '') AS CourseIDValue,
          CASE WHEN NULLIF(trim(StudentEmail), '') IS NOT NULL
               THEN concat(left(ltrim(StudentEmail), 1), 'XX@XXXX.com') END AS StudentEmailMasked,
          %s AS LoginTimeValue,
          %s AS ProgressPercentageValue,
          %s AS EngagementDecimal,
          %s AS LastModifiedDateValue
        FROM (
          SELECT CAST(StudentID AS STRING) AS StudentID, CAST(CourseID AS STRING) AS CourseID,
            CAST(StudentEmail AS STRING) AS StudentEmail, CAST(LoginTime AS STRING) AS LoginTime,
            CAST(ProgressPercentage AS STRING) AS ProgressPercentage,
            CAST(EngagementScore AS STRING) AS EngagementScore,
            CAST(LastModifiedDate AS STRING) AS LastModifiedDate
          FROM bronze
        )
      )
      """.formatted(timestamp("LoginTime"), decimal("ProgressPercentage"), decimal("EngagementScore"),
          timestamp("LastModifiedDate"));

  private static final String KEYS_PRESENT = "StudentIDValue IS NOT NULL AND CourseIDValue IS NOT NULL";
  private static final String ENGAGEMENT_BLANK = "NULLIF(trim(EngagementScore), '') IS NULL";
  private static final String REJECTED = """
      (LoginTimeValue IS NULL OR LastModifiedDateValue IS NULL
       OR ProgressPercentageValue IS NULL OR ProgressPercentageValue NOT BETWEEN 0 AND 100
       OR (NOT %s AND (EngagementScoreValue IS NULL OR EngagementScoreValue NOT BETWEEN 0 AND 100)))
      """.formatted(ENGAGEMENT_BLANK);

  private static final String SILVER = """
      SELECT
        StudentIDValue AS StudentID, CourseIDValue AS CourseID, StudentEmailMasked AS StudentEmail,
        LoginTimeValue AS LoginTime, CAST(ProgressPercentageValue AS DECIMAL(5, 2)) AS ProgressPercentage,
        COALESCE(EngagementScoreValue, 0) AS EngagementScore, LastModifiedDateValue AS LastModifiedDate,
        date_format(LoginTimeValue, 'yyyy-MM-dd') AS LoginDate
      FROM parsed
      WHERE %s AND NOT %s
      """.formatted(KEYS_PRESENT, REJECTED);

  private static final String GOLD = """
      SELECT StudentID, CourseID,
        CAST(SUM(EngagementScore) AS DOUBLE) / COUNT(*) AS AvgEngagementScore,
        COUNT(*) AS TotalLogins, CAST(SUM(EngagementScore) AS BIGINT) AS EngagementScoreSum,
        MAX(ProgressPercentage) AS MaxProgressPercentage,
        MIN(LoginTime) AS FirstLoginTime, MAX(LoginTime) AS LastLoginTime
      FROM silver
      GROUP BY StudentID, CourseID
      """;

  /** rules.psv's message: the raw value quoted, or NULL. */
  private static String quoted(String column) {
    return "COALESCE(concat('''', " + column + ", ''''), 'NULL')";
  }

  /** The query's start in UTC (the session time zone); the pipeline's is the run's start. */
  private static final String ERROR_TIMESTAMP = "CAST(current_timestamp() AS TIMESTAMP_NTZ) AS ErrorTimestamp";
  private static final String ERROR_DATE = "date_format(current_timestamp(), 'yyyy-MM-dd') AS ErrorDate";

  private static final Map<String, String> OUTPUTS = new LinkedHashMap<>();

  static {
    OUTPUTS.put("silver/student_engagement", "SELECT * FROM silver|LoginDate");
    OUTPUTS.put("quality/null_violations", """
        SELECT %s,
          CASE WHEN StudentIDValue IS NULL THEN 'NULL_STUDENT_ID'
               WHEN CourseIDValue IS NULL THEN 'NULL_COURSE_ID'
               ELSE 'NULL_ENGAGEMENT_SCORE' END AS ErrorCode,
          StudentID, CourseID, EngagementScore, %s
        FROM parsed
        WHERE StudentIDValue IS NULL OR CourseIDValue IS NULL OR %s|ErrorDate
        """.formatted(ERROR_TIMESTAMP, ERROR_DATE, ENGAGEMENT_BLANK));
    OUTPUTS.put("quality/rejected_rows", """
        SELECT %s, ErrorCode,
          CASE ErrorCode
            WHEN 'INVALID_LOGIN_TIME' THEN concat('LoginTime ', %s, ' is not a timestamp yyyy-MM-dd HH:mm:ss')
            WHEN 'INVALID_LAST_MODIFIED_DATE'
              THEN concat('LastModifiedDate ', %s, ' is not a timestamp yyyy-MM-dd HH:mm:ss')
            WHEN 'INVALID_PROGRESS_PERCENTAGE'
              THEN concat('ProgressPercentage ', %s, ' is not a number in [0, 100]')
            ELSE concat('EngagementScore ', %s, ' is not a whole number in [0, 100]') END AS ErrorMessage,
          StudentID, CourseID, StudentEmailMasked AS StudentEmail, LoginTime, ProgressPercentage,
          EngagementScore, LastModifiedDate, %s
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
        """.formatted(ERROR_TIMESTAMP, quoted("LoginTime"), quoted("LastModifiedDate"),
            quoted("ProgressPercentage"), quoted("EngagementScore"), ERROR_DATE, KEYS_PRESENT, REJECTED));
    OUTPUTS.put("gold/student_course_engagement", "SELECT * FROM gold|CourseID");
    OUTPUTS.put("gold/top_students", """
        SELECT `Rank`, StudentID, AvgEngagementScore FROM (
          SELECT CAST(ROW_NUMBER() OVER (ORDER BY AvgEngagementScore DESC, StudentID) AS INT) AS `Rank`,
            StudentID, AvgEngagementScore
          FROM (SELECT StudentID, AVG(AvgEngagementScore) AS AvgEngagementScore FROM gold GROUP BY StudentID)
        ) WHERE `Rank` <= 10|""");
    OUTPUTS.put("gold/course_completion", """
        SELECT CourseID, COUNT(*) AS TotalStudents,
          COUNT(*) FILTER (WHERE MaxProgressPercentage = 100) AS CompleteStudents,
          CAST(100.0 * COUNT(*) FILTER (WHERE MaxProgressPercentage = 100) / COUNT(*) AS DECIMAL(5, 2)) AS CompletionRate
        FROM gold GROUP BY CourseID|""");
  }

  public static void main(String[] args) {
    String bronze = args[0];
    String out = args[1];
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("SparkReference")
        .config("spark.ui.enabled", "false")
        // Two tasks per core for the aggregations (not Spark's 200, made for clusters); adaptive
        // execution coalesces the small ones.
        .config("spark.sql.shuffle.partitions", "4")
        // Spills go beside the output, as DuckDbReference's do.
        .config("spark.local.dir", out + "/.spark_tmp")
        // Timestamps as the pipeline writes them: wall-clock values (TIMESTAMP_NTZ, written with
        // isAdjustedToUTC=false) in INT64 milliseconds; run times in UTC.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.timestampType", "TIMESTAMP_NTZ")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
        .config("spark.sql.parquet.compression.codec", "snappy")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");

    spark.read().parquet(bronze).createOrReplaceTempView("bronze");
    // parsed feeds three outputs and gold three: each is computed once, as DuckDbReference's
    // temporary tables are, and kept in memory as far as it fits, the rest on local disk.
    Dataset<Row> parsed = spark.sql(PARSED).persist(StorageLevel.MEMORY_AND_DISK());
    parsed.createOrReplaceTempView("parsed");
    System.out.printf("  %-34s %10d%n", "bronze rows read", parsed.count());
    spark.sql(SILVER).createOrReplaceTempView("silver");
    spark.sql(GOLD).persist(StorageLevel.MEMORY_AND_DISK()).createOrReplaceTempView("gold");
    for (Map.Entry<String, String> output : OUTPUTS.entrySet()) {
      String[] queryAndPartition = output.getValue().split("\\|", -1);
      String path = out + "/" + output.getKey();
      Dataset<Row> table = spark.sql(queryAndPartition[0]);
      String partition = queryAndPartition[1].strip();
      if (partition.isEmpty()) {
        table.write().mode("overwrite").parquet(path);
      } else {
        // Each partition value's rows to one task, so one file per partition as DuckDB writes,
        // not one per task and value: thousands of small files, most of a small run's time.
        table.repartition(functions.col(partition)).write().mode("overwrite").partitionBy(partition).parquet(path);
      }
      // Spark's writer does not return its row count; the files' footers have it.
      System.out.printf("  %-34s %10d%n", output.getKey(), spark.read().parquet(path).count());
    }
    spark.stop();
  }

  /** A Spark SQL string literal of every BMP character that passes {@code test}, as \\u escapes. */
  private static String sqlChars(java.util.function.IntPredicate test) {
    return IntStream.range(0, 0x10000).filter(test)
        .mapToObj(c -> String.format("\\u%04x", c))
        .collect(Collectors.joining("", "'", "'"));
  }
}
