package dev.engagement.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Expected table contents kept as JSON lines under testdata/expected, compared as multisets. */
public final class ExpectedTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExpectedTables() {}

  public static List<Map<String, String>> read(File jsonl) {
    try {
      List<Map<String, String>> rows = new ArrayList<>();
      for (String line : Files.readAllLines(jsonl.toPath())) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        JsonNode node = JSON.readTree(line);
        node.fields().forEachRemaining(e -> row.put(e.getKey(), canonical(e.getValue())));
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String canonical(JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    return value.isNumber() ? LakeReader.canonical(value.decimalValue()) : value.asText();
  }

  /** The actual rows, without the columns the expectation leaves out, equal it in any order. */
  public static void assertSameRows(String table, List<Map<String, String>> actual, File expectedFile) {
    assertSameRows(table + " (compared with " + expectedFile + ")", actual, read(expectedFile));
  }

  /** The actual rows, without the columns the expectation leaves out, equal it in any order. */
  public static void assertSameRows(
      String table, List<Map<String, String>> actual, List<Map<String, String>> expected) {
    Set<String> columns = expected.isEmpty() ? Set.of() : expected.get(0).keySet();
    List<Map<String, String>> projected = actual.stream().map(row -> project(row, columns)).toList();
    assertThat(projected).as("rows of %s", table)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  private static Map<String, String> project(Map<String, String> row, Collection<String> columns) {
    Map<String, String> projected = new LinkedHashMap<>();
    for (String column : columns) {
      assertThat(row).as("row %s", row).containsKey(column);
      projected.put(column, row.get(column));
    }
    return projected;
  }
}
