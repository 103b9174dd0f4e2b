import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An order-independent fingerprint of each table an engine wrote, read back by one reader
 * (DuckDB) whatever wrote it, so deploy/benchmark.sh can check that the engines wrote the same
 * rows, not only as many:
 *   java -cp duckdb_jdbc.jar:. Fingerprint ROOT TABLE...
 * prints "TABLE ROWS HASH COLUMNS" per table: HASH is the sum, modulo 2^64, of a hash of each row,
 * so duplicated rows count and the order of rows, files and columns does not.
 */
public final class Fingerprint {
  /** The run's start time: it differs between any two runs. (ErrorDate, its date, is kept.) */
  private static final Set<String> EXCLUDED = Set.of("errortimestamp");
  /** An add or remove action of a Delta commit (one JSON object a line) and its path. */
  private static final java.util.regex.Pattern ACTION =
      java.util.regex.Pattern.compile("^\\{\"(add|remove)\":\\{\"path\":\"([^\"]*)\"");

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      for (int i = 1; i < args.length; i++) {
        System.out.println(args[i] + " " + fingerprint(sql, root.resolve(args[i])));
      }
    }
  }

  private static String fingerprint(Statement sql, Path table) throws Exception {
    List<Path> files = dataFiles(table);
    if (files.isEmpty()) {
      return "0 0 -";
    }
    // Partition values stay the strings of their folder names, whatever they look like.
    String source = files.stream().map(f -> "'" + f.toString().replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "read_parquet([", "], hive_partitioning = true, hive_types_autocast = false)"));
    List<String[]> columns = new ArrayList<>();
    try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM " + source)) {
      while (rs.next()) {
        if (!EXCLUDED.contains(rs.getString(1).toLowerCase(Locale.ROOT))) {
          columns.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    columns.sort(Comparator.comparing(c -> c[0].toLowerCase(Locale.ROOT)));
    String row = columns.stream().map(c -> normalized(c[0], c[1])).collect(Collectors.joining(", "));
    try (ResultSet rs = sql.executeQuery("SELECT count(*), sum(hash(" + row + ")::HUGEINT) % 18446744073709551616"
        + " FROM " + source)) {
      rs.next();
      return rs.getLong(1) + " " + rs.getString(2) + " "
          + columns.stream().map(c -> c[0]).collect(Collectors.joining(","));
    }
  }

  /**
   * A column's value as text that does not depend on how an engine chose to store it: timestamps
   * as epoch milliseconds (the outputs' precision), doubles to 9 significant digits (engines may sum
   * in a different order), decimals at one fixed scale, whole numbers whatever their width.
   */
  private static String normalized(String name, String type) {
    String column = "\"" + name.replace("\"", "\"\"") + "\"";
    String t = type.toUpperCase(Locale.ROOT);
    String text;
    if (t.startsWith("TIMESTAMP")) {
      text = "epoch_ms(" + column + ")::VARCHAR";
    } else if (t.equals("DOUBLE") || t.equals("FLOAT")) {
      text = "printf('%.9g', " + column + ")";
    } else if (t.startsWith("DECIMAL")) {
      text = "CAST(" + column + " AS DECIMAL(38, 18))::VARCHAR";
    } else {
      text = column + "::VARCHAR";
    }
    // A NULL hashes apart from every string, the empty one included.
    return "COALESCE(" + text + ", chr(0) || 'NULL')";
  }

  /**
   * The table's data files: of a Delta table (the pipeline's), those of its current version, by
   * replaying the adds and removes of its log's commits; of a folder of parquet (the references'),
   * every *.parquet file, without the files and folders that are not data (_*, .*).
   */
  private static List<Path> dataFiles(Path table) throws IOException {
    if (!Files.isDirectory(table)) {
      return List.of();
    }
    Path log = table.resolve("_delta_log");
    if (Files.isDirectory(log)) {
      java.util.Set<String> live = new java.util.TreeSet<>();
      try (Stream<Path> commits = Files.list(log)) {
        for (Path commit : commits.filter(c -> c.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList()) {
          for (String action : Files.readAllLines(commit)) {
            java.util.regex.Matcher m = ACTION.matcher(action);
            if (m.find()) {
              String path = java.net.URI.create(m.group(2)).getPath();
              if (m.group(1).equals("add")) {
                live.add(path);
              } else {
                live.remove(path);
              }
            }
          }
        }
      }
      return live.stream().map(table::resolve).toList();
    }
    try (Stream<Path> all = Files.walk(table)) {
      return all.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(f -> {
            for (Path part : table.relativize(f)) {
              if (part.toString().startsWith("_") || part.toString().startsWith(".")) {
                return false;
              }
            }
            return true;
          })
          .sorted()
          .toList();
    }
  }
}
