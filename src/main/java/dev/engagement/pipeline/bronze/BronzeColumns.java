package dev.engagement.pipeline.bronze;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/** The bronze input contract: the columns every export must carry, matched by name in any case. */
public final class BronzeColumns {
  private BronzeColumns() {}

  public static final List<String> REQUIRED =
      List.of(
          "StudentID",
          "CourseID",
          "StudentEmail",
          "LoginTime",
          "ProgressPercentage",
          "EngagementScore",
          "LastModifiedDate");

  /**
   * A file's top-level columns by lower-cased name, as Spark, DuckDB and Synapse match them. Two
   * names that differ only in case make the file ambiguous: refused, naming both.
   */
  public static Map<String, Type> byName(GroupType schema, Object file) {
    Map<String, Type> fields = new LinkedHashMap<>();
    for (Type field : schema.getFields()) {
      Type before = fields.putIfAbsent(key(field.getName()), field);
      if (before != null) {
        throw new IllegalArgumentException("bronze file " + file + " has columns " + before.getName() + " and "
            + field.getName() + ", which differ only in case (columns are matched in any case)");
      }
    }
    return fields;
  }

  static String key(String column) {
    return column.toLowerCase(Locale.ROOT);
  }
}
