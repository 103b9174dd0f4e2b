import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A full scan of a Delta table's current files by DuckDB, as its delta extension reads them (the
 * files the log names, Hive partition folders): one aggregate over every column kind. Prints the
 * rows and the wall time of the query.
 *   java -cp duckdb_jdbc.jar:classes ScanFiles FILE_LIST
 */
public final class ScanFiles {
  public static void main(String[] args) throws Exception {
    List<String> files = Files.readAllLines(Path.of(args[0]));
    String list = files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(", "));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        var statement = db.createStatement()) {
      long began = System.nanoTime();
      try (ResultSet r = statement.executeQuery("SELECT count(*), sum(EngagementScore), max(LoginTime),"
          + " count(DISTINCT StudentID) FROM read_parquet([" + list + "], hive_partitioning = true)")) {
        r.next();
        System.out.printf("duckdb: %d files, %d rows, scanned in %.2f s%n", files.size(), r.getLong(1),
            (System.nanoTime() - began) / 1e9);
      }
    }
  }
}
