package dev.engagement.pipeline.quality;

import java.util.List;
import java.util.Map;

/** The gates of the rules table, judged on a run's counts per ErrorCode. */
public final class QualityGates {
  private QualityGates() {}

  /** A rule's gate after a run: how many rows broke it, and whether that is more than its max. */
  public record Gate(QualityRule rule, long rows, long rowsRead, boolean fired) {
    public String describe() {
      return String.format("rule %s (%s): %d of %d rows, max %s%s", rule.rule(), rule.code(), rows, rowsRead,
          rule.max(), fired ? ", fired (" + rule.action().name().toLowerCase() + ")" : "");
    }
  }

  /** Every rule's gate; {@code rowsByCode} holds the rows recorded with each ErrorCode. */
  public static List<Gate> judge(QualityRules rules, Map<String, Long> rowsByCode, long rowsRead) {
    return rules.rules().stream()
        .map(r -> {
          long rows = rowsByCode.getOrDefault(r.code(), 0L);
          return new Gate(r, rows, rowsRead, r.max().exceededBy(rows, rowsRead));
        })
        .toList();
  }

  public static List<Gate> fired(List<Gate> gates, QualityRule.Action action) {
    return gates.stream().filter(g -> g.fired() && g.rule().action() == action).toList();
  }
}
