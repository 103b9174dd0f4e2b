package dev.engagement.pipeline.quality;

/** One line of the rules table: see {@code rules.psv} for what each field means. */
public record QualityRule(
    String rule, String output, String code, Action action, String predicate, String message) {

  public enum Action {
    /** The row is recorded in its output and kept out of silver. */
    DROP,
    /** The row is recorded in its output and still admitted to silver. */
    WARN
  }

  /** True (never NULL) when the row breaks the rule. */
  String breaks() {
    return "((" + predicate + ") IS TRUE)";
  }
}
