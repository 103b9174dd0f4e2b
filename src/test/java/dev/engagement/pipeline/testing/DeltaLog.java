package dev.engagement.pipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Delta table's log read the simple way, for tests: every {@code <version>.json} commit in
 * order, adds and removes replayed (the log keeps every commit for 30 days, so checkpoints are not
 * needed). Independent of Delta Kernel, which the pipeline writes with.
 */
public final class DeltaLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaLog() {}

  public static boolean isTable(File table) {
    return new File(table, "_delta_log").isDirectory();
  }

  /** The commits of the table, version by version: each a list of actions. */
  public static List<List<JsonNode>> commits(File table) {
    File[] files = new File(table, "_delta_log").listFiles((d, n) -> n.matches("\\d{20}\\.json"));
    Arrays.sort(files);
    List<List<JsonNode>> commits = new ArrayList<>();
    for (File file : files) {
      try {
        List<JsonNode> actions = new ArrayList<>();
        for (String line : Files.readAllLines(file.toPath())) {
          if (!line.isBlank()) {
            actions.add(JSON.readTree(line));
          }
        }
        commits.add(actions);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return commits;
  }

  /** The data files of the latest version, with their partition values (null for NULL). */
  public static Map<File, Map<String, String>> currentFiles(File table) {
    return filesAt(table, commits(table).size() - 1);
  }

  /** The data files of {@code version}, with their partition values (null for NULL). */
  public static Map<File, Map<String, String>> filesAt(File table, long version) {
    Map<String, JsonNode> live = new TreeMap<>();
    for (List<JsonNode> commit : commits(table).subList(0, (int) version + 1)) {
      for (JsonNode action : commit) {
        if (action.has("add")) {
          live.put(action.get("add").get("path").asText(), action.get("add"));
        } else if (action.has("remove")) {
          live.remove(action.get("remove").get("path").asText());
        }
      }
    }
    Map<File, Map<String, String>> files = new LinkedHashMap<>();
    live.forEach((path, add) -> {
      Map<String, String> partitions = new LinkedHashMap<>();
      add.get("partitionValues").fields().forEachRemaining(
          e -> partitions.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      URI uri = URI.create(path);
      files.put(uri.getScheme() == null ? new File(table, uri.getPath()) : new File(uri.getPath()), partitions);
    });
    return files;
  }
}
