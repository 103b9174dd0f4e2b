package dev.engagement.pipeline;

import dev.engagement.pipeline.lake.LakeTable;
import java.util.Map;

/** What a committed run did: where, and how many rows each table got. */
record RunSummary(String runId, String mode, String lake, long bronzeRows, Map<LakeTable, Long> rows) {

  String describe() {
    StringBuilder text = new StringBuilder()
        .append("Run ").append(runId).append(" (").append(mode).append(") committed the lake at ")
        .append(lake).append('\n')
        .append(String.format("  %-34s %10d%n", "bronze rows read", bronzeRows));
    rows.forEach((table, count) -> text.append(String.format("  %-34s %10d%n", table.path(), count)));
    return text.toString();
  }
}
