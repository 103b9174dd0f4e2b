package dev.engagement.pipeline.quality;

/**
 * One line of the rules table: see {@code rules.psv} for what each field means.
 *
 * @param max how many breaking rows the rule's gate allows before it fires
 */
public record QualityRule(
    String rule, String output, String code, Action action, Limit max, String predicate, String message) {

  public enum Action {
    /** The row is recorded in its output and still admitted to silver; a firing gate alerts. */
    WARN,
    /** The row is recorded in its output and kept out of silver (quarantine). */
    DROP,
    /** As {@code DROP}; a firing gate fails the run, which then commits nothing. */
    FAIL;

    boolean keepsRowOut() {
      return this != WARN;
    }
  }

  /** A gate's allowance: a number of rows, or a percentage of the rows a run read. */
  public record Limit(double value, boolean percent) {
    public static final Limit NONE = new Limit(0, false);

    /** {@code 10} rows, {@code 5%} of the rows read, or {@code -} for none. */
    public static Limit parse(String text) {
      String t = text.strip();
      if (t.equals("-") || t.isEmpty()) {
        return NONE;
      }
      boolean percent = t.endsWith("%");
      double value = Double.parseDouble(percent ? t.substring(0, t.length() - 1).strip() : t);
      if (value < 0 || Double.isNaN(value) || (percent && value > 100)) {
        throw new NumberFormatException(text);
      }
      return new Limit(value, percent);
    }

    boolean exceededBy(long rows, long rowsRead) {
      return percent ? rows * 100.0 > value * rowsRead : rows > value;
    }

    @Override
    public String toString() {
      return percent ? value + "%" : String.valueOf((long) value);
    }
  }

  /** True (never NULL) when the row breaks the rule. */
  String breaks() {
    return "((" + predicate + ") IS TRUE)";
  }

  QualityRule with(Action newAction, Limit newMax) {
    return new QualityRule(rule, output, code, newAction, newMax, predicate, message);
  }
}
