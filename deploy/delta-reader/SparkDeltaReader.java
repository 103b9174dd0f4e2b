import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tests' independent Delta reader: each table as Spark with delta-spark reads it, one JSON
 * object per row: numbers as numbers (decimals as text at their scale), timestamps as 'yyyy-MM-dd HH:mm:ss.SSS' in the session's
 * time zone (UTC), everything else as text,
 * into OUT_DIR/<table with '/' as '.'>.jsonl:
 *   java --add-opens=... -cp 'target/delta-reader/*:CLASSES' SparkDeltaReader LAKE OUT_DIR TABLE [TABLE...]
 * A table given as TABLE@N is read as of version N (time travel). One given as TABLE:COLUMN is
 * checked for data skipping instead: for each distinct value of COLUMN, as its bytes (Spark
 * compares strings as bytes; invalid UTF-8 stays as it is), the rows WHERE COLUMN = value finds
 * with data skipping on against the rows of the full scan; OUT_DIR/<table>:<column>.jsonl gets
 * {"value", "bytes", "scan", "skipping"} for each value whose counts differ (empty: none).
 * An argument "sql:STATEMENT" is run as it comes instead (the tests' other writer: DELETE,
 * UPDATE, OPTIMIZE, INSERT), with $LAKE standing for LAKE.
 */
public final class SparkDeltaReader {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("delta-reader")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        // Test lakes are small: one partition of the log's state and of each shuffle, not 50 and 200.
        .config("spark.databricks.delta.snapshotPartitions", "1")
        .config("spark.sql.shuffle.partitions", "1")
        // What is checked is Delta's data skipping: Spark's own parquet row-group filter turns a
        // literal of invalid UTF-8 into U+FFFD (Binary.fromString) and misses such rows whatever the log says.
        .config("spark.sql.parquet.filterPushdown", "false")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN"); // plans with values of 1 MB make logs of hundreds of MB
    ObjectMapper json = new ObjectMapper();
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    for (int i = 2; i < args.length; i++) {
      if (args[i].startsWith("sql:")) {
        spark.sql(args[i].substring(4).replace("$LAKE", args[0])).collectAsList();
        System.out.println("ran " + args[i]);
        continue;
      }
      String[] tableAndColumn = args[i].split(":");
      String[] table = tableAndColumn[0].split("@");
      var reader = spark.read().format("delta");
      if (table.length > 1) {
        reader = reader.option("versionAsOf", table[1]);
      }
      var rows = reader.load(args[0] + "/" + table[0]);
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve(args[i].replace('/', '.') + ".jsonl"),
          StandardCharsets.UTF_8))) {
        if (tableAndColumn.length > 1) {
          writeSkippingMisses(rows, tableAndColumn[1], w, json);
        } else {
          writeRows(rows, w, json);
        }
      }
      System.out.println(args[i] + " " + rows.schema().simpleString());
    }
    spark.stop();
  }

  private static void writeRows(Dataset<Row> rows, PrintWriter w, ObjectMapper json) throws Exception {
    for (Row row : rows.collectAsList()) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (StructField field : row.schema().fields()) {
        Object value = row.getAs(field.name());
        values.put(field.name(), value == null ? null
            : value instanceof Timestamp t ? t.toInstant().atOffset(ZoneOffset.UTC).format(TIMESTAMP)
            : value instanceof java.math.BigDecimal d ? d.toPlainString() // at the column's scale
            : value instanceof Number ? value
            : value.toString());
      }
      w.println(json.writeValueAsString(values));
    }
  }

  private static void writeSkippingMisses(Dataset<Row> rows, String column, PrintWriter w, ObjectMapper json)
      throws Exception {
    List<Row> values = rows.where(col(column).isNotNull()).groupBy(col(column).cast("binary")).count().collectAsList();
    // A query at a time leaves a core idle while Spark plans (data skipping is a job of its own).
    ExecutorService queries = Executors.newFixedThreadPool(3);
    try {
      List<Future<Long>> found = new ArrayList<>();
      for (Row value : values) {
        byte[] bytes = value.getAs(0);
        // A literal of the value's bytes: a Java string would have U+FFFD for invalid UTF-8.
        found.add(queries.submit(() -> rows.where(col(column).equalTo(lit(bytes).cast("string"))).count()));
      }
      for (int v = 0; v < values.size(); v++) {
        byte[] bytes = values.get(v).getAs(0);
        long scan = values.get(v).getLong(1);
        if (found.get(v).get() != scan) {
          String text = new String(bytes, StandardCharsets.UTF_8);
          Map<String, Object> miss = new LinkedHashMap<>();
          miss.put("value", text.substring(0, Math.min(40, text.length())));
          miss.put("bytes", bytes.length);
          miss.put("scan", scan);
          miss.put("skipping", found.get(v).get());
          w.println(json.writeValueAsString(miss));
        }
      }
    } finally {
      queries.shutdown();
    }
  }
}
