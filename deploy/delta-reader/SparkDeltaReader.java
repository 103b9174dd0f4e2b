import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * A table given as TABLE@N is read as of version N (time travel). An argument "sql:STATEMENT" is
 * run as it comes instead (the tests' other writer: DELETE, UPDATE, OPTIMIZE, INSERT), with $LAKE
 * standing for LAKE.
 */
public final class SparkDeltaReader {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("delta-reader")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
    ObjectMapper json = new ObjectMapper();
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    for (int i = 2; i < args.length; i++) {
      if (args[i].startsWith("sql:")) {
        spark.sql(args[i].substring(4).replace("$LAKE", args[0])).collectAsList();
        System.out.println("ran " + args[i]);
        continue;
      }
      String[] table = args[i].split("@");
      var reader = spark.read().format("delta");
      if (table.length > 1) {
        reader = reader.option("versionAsOf", table[1]);
      }
      var rows = reader.load(args[0] + "/" + table[0]);
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve(args[i].replace('/', '.') + ".jsonl"),
          StandardCharsets.UTF_8))) {
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
      System.out.println(args[i] + " " + rows.schema().simpleString());
    }
    spark.stop();
  }
}
