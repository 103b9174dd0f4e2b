package dev.engagement.pipeline;

import dev.engagement.pipeline.lake.LakeTable;
import java.util.Map;

/** What a run did: where, and how many rows each table got (none when there was nothing new). */
record RunSummary(String runId, String mode, String lake, long bronzeRows, Map<LakeTable, Long> rows) {

  static RunSummary nothingToDo(String runId, String lake) {
    return new RunSummary(runId, "incremental", lake, 0, Map.of());
  }

  /** The run log's status of a run that got this far. */
  String status() {
    return rows.isEmpty() ? "NOTHING_TO_DO" : "SUCCEEDED";
  }

  String describe() {
    if (rows.isEmpty()) {
      return "Run " + runId + " (" + mode + "): no bronze rows newer than the watermark; nothing to do, "
          + "the lake at " + lake + " is unchanged\n";
    }
    StringBuilder text = new StringBuilder()
        .append("Run ").append(runId).append(" (").append(mode).append(") committed the lake at ")
        .append(lake).append('\n')
        .append(String.format("  %-34s %10d%n", "bronze rows read", bronzeRows));
    rows.forEach((table, count) -> text.append(String.format("  %-34s %10d%n", table.path(), count)));
    return text.toString();
  }
}
