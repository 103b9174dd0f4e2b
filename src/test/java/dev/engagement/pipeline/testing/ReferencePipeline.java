package dev.engagement.pipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second, deliberately plain implementation of the pipeline's contract (docs/tables.md and
 * docs/incremental.md: rules, silver, gold, watermark), used as the oracle for multi-run replays:
 * plain Java over the readable fixture sources, no Flink, no SQL, no parquet. Rows come out in
 * {@link LakeReader}'s canonical form, without ErrorTimestamp and ErrorDate. The actions of the
 * NULL-key rules (warn, drop or fail, as {@code --rules} sets them) are its parameters; the other
 * rules keep the shipped ones (docs/tables.md), every gate at {@code -}.
 */
public final class ReferencePipeline {
  private static final DateTimeFormatter IN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final List<Map<String, String>> silver = new ArrayList<>();
  private final List<Map<String, String>> nullViolations = new ArrayList<>();
  private final List<Map<String, String>> rejected = new ArrayList<>();
  private final String nullStudentIdAction;
  private final String nullCourseIdAction;
  private LocalDateTime watermark;
  private boolean committed;

  /** One rule of the rules table, and whether a row breaks it. */
  private record Rule(String code, String output, String action, boolean broken) {}

  /** With the shipped rules: rows with a NULL key are dropped. */
  public ReferencePipeline() {
    this("drop", "drop");
  }

  public ReferencePipeline(String nullStudentIdAction, String nullCourseIdAction) {
    this.nullStudentIdAction = nullStudentIdAction;
    this.nullCourseIdAction = nullCourseIdAction;
  }

  /** The rows of every {@code _sources/*.json} of a fixture folder, as raw strings. */
  public static List<Map<String, String>> sourceRows(File... parquetFiles) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (File parquet : parquetFiles) {
      File source = new File(parquet.getParentFile(), "_sources/" + parquet.getName().replace(".parquet", ".json"));
      try {
        for (JsonNode row : new ObjectMapper().readTree(source).get("rows")) {
          Map<String, String> raw = new LinkedHashMap<>();
          row.fields().forEachRemaining(e -> raw.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
          rows.add(raw);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /**
   * One run over all of bronze: incremental after the first run, full when {@code full}. False
   * when a {@code fail} rule's gate fires: the run then changes nothing.
   */
  public boolean run(List<Map<String, String>> bronze, boolean full) {
    boolean incremental = !full && committed;
    List<Map<String, String>> batch = new ArrayList<>();
    LocalDateTime max = null;
    for (Map<String, String> row : bronze) {
      LocalDateTime lmd = timestamp(row.get("LastModifiedDate"));
      if (incremental && (lmd == null || (watermark != null && !lmd.isAfter(watermark)))) {
        continue;
      }
      if (lmd != null && (max == null || lmd.isAfter(max))) {
        max = lmd;
      }
      batch.add(row);
    }
    if (batch.stream().anyMatch(row -> rules(row).stream().anyMatch(r -> r.action().equals("fail")))) {
      return false;
    }
    if (full) {
      silver.clear();
      nullViolations.clear();
      rejected.clear();
    }
    batch.forEach(this::process);
    if (full || !committed || (max != null && (watermark == null || max.isAfter(watermark)))) {
      watermark = max;
    }
    committed = true;
    return true;
  }

  /** The rules {@code r} breaks, in the order of the rules table. */
  private List<Rule> rules(Map<String, String> r) {
    String engagementRaw = blankToNull(r.get("EngagementScore"));
    BigDecimal progress = number(r.get("ProgressPercentage"));
    BigDecimal engagement = engagementRaw == null ? BigDecimal.ZERO : number(engagementRaw);
    return java.util.stream.Stream.of(
        new Rule("NULL_STUDENT_ID", "null_violations", nullStudentIdAction, blankToNull(r.get("StudentID")) == null),
        new Rule("NULL_COURSE_ID", "null_violations", nullCourseIdAction, blankToNull(r.get("CourseID")) == null),
        new Rule("NULL_ENGAGEMENT_SCORE", "null_violations", "warn", engagementRaw == null),
        new Rule("INVALID_LOGIN_TIME", "rejected_rows", "drop", timestamp(r.get("LoginTime")) == null),
        new Rule("INVALID_LAST_MODIFIED_DATE", "rejected_rows", "drop", timestamp(r.get("LastModifiedDate")) == null),
        new Rule("INVALID_PROGRESS_PERCENTAGE", "rejected_rows", "drop",
            progress == null || progress.signum() < 0 || progress.compareTo(BigDecimal.valueOf(100)) > 0),
        new Rule("INVALID_ENGAGEMENT_SCORE", "rejected_rows", "drop", engagement == null
            || engagement.stripTrailingZeros().scale() > 0 || engagement.signum() < 0
            || engagement.compareTo(BigDecimal.valueOf(100)) > 0))
        .filter(Rule::broken).toList();
  }

  /**
   * A row goes to the output of the first drop or fail rule it breaks (and then not to silver),
   * and to the output of every warn rule it breaks; in each, with the code of the first rule of
   * that output it breaks.
   */
  private void process(Map<String, String> r) {
    List<Rule> broken = rules(r);
    java.util.Optional<Rule> keptOut = broken.stream().filter(b -> !b.action().equals("warn")).findFirst();
    java.util.Set<String> outputs = new java.util.LinkedHashSet<>();
    keptOut.ifPresent(b -> outputs.add(b.output()));
    broken.stream().filter(b -> b.action().equals("warn")).forEach(b -> outputs.add(b.output()));
    for (String output : outputs) {
      String code = broken.stream().filter(b -> b.output().equals(output)).findFirst().orElseThrow().code();
      Map<String, String> v = new LinkedHashMap<>();
      v.put("ErrorCode", code);
      v.put("StudentID", r.get("StudentID"));
      v.put("CourseID", r.get("CourseID"));
      if (output.equals("null_violations")) {
        v.put("EngagementScore", r.get("EngagementScore"));
        nullViolations.add(v);
      } else {
        v.put("StudentEmail", mask(r.get("StudentEmail")));
        v.put("LoginTime", r.get("LoginTime"));
        v.put("ProgressPercentage", r.get("ProgressPercentage"));
        v.put("EngagementScore", r.get("EngagementScore"));
        v.put("LastModifiedDate", r.get("LastModifiedDate"));
        rejected.add(v);
      }
    }
    if (keptOut.isEmpty()) {
      silver.add(silverRow(r));
    }
  }

  private static Map<String, String> silverRow(Map<String, String> r) {
    String engagementRaw = blankToNull(r.get("EngagementScore"));
    LocalDateTime login = timestamp(r.get("LoginTime"));
    Map<String, String> s = new LinkedHashMap<>();
    s.put("StudentID", blankToNull(r.get("StudentID")));
    s.put("CourseID", blankToNull(r.get("CourseID")));
    s.put("StudentEmail", mask(r.get("StudentEmail")));
    s.put("LoginTime", login.format(OUT));
    s.put("ProgressPercentage", number(r.get("ProgressPercentage")).setScale(2, RoundingMode.HALF_UP).toPlainString());
    s.put("EngagementScore", LakeReader.canonical(engagementRaw == null ? 0 : number(engagementRaw).intValueExact()));
    s.put("LastModifiedDate", timestamp(r.get("LastModifiedDate")).format(OUT));
    s.put("LoginDate", login.toLocalDate().toString());
    return s;
  }

  public List<Map<String, String>> silver() {
    return silver;
  }

  public List<Map<String, String>> nullViolations() {
    return nullViolations;
  }

  public List<Map<String, String>> rejectedRows() {
    return rejected;
  }

  public String watermark() {
    return watermark == null ? null : watermark.format(OUT);
  }

  /** One row per (StudentID, CourseID) of everything silver holds. */
  public List<Map<String, String>> gold() {
    // A NULL key (a null-key rule set to warn) is a group of its own, as in SQL's GROUP BY.
    Map<List<String>, List<Map<String, String>>> groups = new LinkedHashMap<>();
    for (Map<String, String> s : silver) {
      groups.computeIfAbsent(java.util.Arrays.asList(s.get("StudentID"), s.get("CourseID")), k -> new ArrayList<>()).add(s);
    }
    List<Map<String, String>> gold = new ArrayList<>();
    groups.forEach((key, logins) -> {
      long sum = logins.stream().mapToLong(s -> Long.parseLong(s.get("EngagementScore"))).sum();
      Map<String, String> g = new LinkedHashMap<>();
      g.put("StudentID", key.get(0));
      g.put("CourseID", key.get(1));
      g.put("AvgEngagementScore", LakeReader.canonical((double) sum / logins.size()));
      g.put("TotalLogins", LakeReader.canonical(logins.size()));
      g.put("EngagementScoreSum", LakeReader.canonical(sum));
      g.put("MaxProgressPercentage", logins.stream().map(s -> new BigDecimal(s.get("ProgressPercentage")))
          .max(Comparator.naturalOrder()).orElseThrow().toPlainString());
      g.put("FirstLoginTime", logins.stream().map(s -> s.get("LoginTime")).min(Comparator.naturalOrder()).orElseThrow());
      g.put("LastLoginTime", logins.stream().map(s -> s.get("LoginTime")).max(Comparator.naturalOrder()).orElseThrow());
      gold.add(g);
    });
    return gold;
  }

  public List<Map<String, String>> topStudents() {
    Map<String, List<Double>> averages = new LinkedHashMap<>();
    for (Map<String, String> g : gold()) {
      averages.computeIfAbsent(g.get("StudentID"), k -> new ArrayList<>()).add(Double.parseDouble(g.get("AvgEngagementScore")));
    }
    List<Map.Entry<String, Double>> ranked = new ArrayList<>();
    averages.forEach((student, avgs) -> ranked.add(new java.util.AbstractMap.SimpleEntry<>(student,
        avgs.stream().mapToDouble(d -> d).average().orElseThrow())));
    // Ties go to the smaller StudentID; a NULL one (null_student_id set to warn) comes after them.
    ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed()
        .thenComparing(Map.Entry::getKey, Comparator.nullsLast(Comparator.naturalOrder())));
    List<Map<String, String>> top = new ArrayList<>();
    for (int i = 0; i < Math.min(10, ranked.size()); i++) {
      Map<String, String> t = new LinkedHashMap<>();
      t.put("Rank", LakeReader.canonical(i + 1));
      t.put("StudentID", ranked.get(i).getKey());
      t.put("AvgEngagementScore", LakeReader.canonical(ranked.get(i).getValue()));
      top.add(t);
    }
    return top;
  }

  public List<Map<String, String>> courseCompletion() {
    Map<String, long[]> courses = new LinkedHashMap<>();
    for (Map<String, String> g : gold()) {
      long[] c = courses.computeIfAbsent(g.get("CourseID"), k -> new long[2]);
      c[0]++;
      if (new BigDecimal(g.get("MaxProgressPercentage")).compareTo(BigDecimal.valueOf(100)) == 0) {
        c[1]++;
      }
    }
    List<Map<String, String>> rows = new ArrayList<>();
    courses.forEach((course, c) -> {
      Map<String, String> r = new LinkedHashMap<>();
      r.put("CourseID", course);
      r.put("TotalStudents", LakeReader.canonical(c[0]));
      r.put("CompleteStudents", LakeReader.canonical(c[1]));
      r.put("CompletionRate", BigDecimal.valueOf(100 * c[1]).divide(BigDecimal.valueOf(c[0]), 2, RoundingMode.HALF_UP).toPlainString());
      rows.add(r);
    });
    return rows;
  }

  private static LocalDateTime timestamp(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(raw.strip(), IN);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static BigDecimal number(String raw) {
    try {
      return raw == null ? null : new BigDecimal(raw.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String blankToNull(String raw) {
    return raw == null || raw.strip().isEmpty() ? null : raw.strip();
  }

  private static String mask(String email) {
    String e = blankToNull(email);
    return e == null ? null : new String(Character.toChars(e.codePointAt(0))) + "XX@XXXX.com";
  }
}
