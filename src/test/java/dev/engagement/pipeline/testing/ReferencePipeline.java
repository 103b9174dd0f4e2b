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
import java.util.TreeMap;

/**
 * A second, deliberately plain implementation of the pipeline's contract (docs/tables.md and
 * docs/incremental.md: rules, silver, gold, watermark), used as the oracle for multi-run replays:
 * plain Java over the readable fixture sources, no Flink, no SQL, no parquet. Rows come out in
 * {@link LakeReader}'s canonical form, without ErrorTimestamp and ErrorDate.
 */
public final class ReferencePipeline {
  private static final DateTimeFormatter IN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final List<Map<String, String>> silver = new ArrayList<>();
  private final List<Map<String, String>> nullViolations = new ArrayList<>();
  private final List<Map<String, String>> rejected = new ArrayList<>();
  private LocalDateTime watermark;
  private boolean committed;

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

  /** One run over all of bronze: incremental after the first run, full when {@code full}. */
  public void run(List<Map<String, String>> bronze, boolean full) {
    if (full) {
      silver.clear();
      nullViolations.clear();
      rejected.clear();
    }
    boolean incremental = !full && committed;
    LocalDateTime max = null;
    for (Map<String, String> row : bronze) {
      LocalDateTime lmd = timestamp(row.get("LastModifiedDate"));
      if (incremental && (lmd == null || (watermark != null && !lmd.isAfter(watermark)))) {
        continue;
      }
      if (lmd != null && (max == null || lmd.isAfter(max))) {
        max = lmd;
      }
      process(row);
    }
    if (full || !committed || (max != null && (watermark == null || max.isAfter(watermark)))) {
      watermark = max;
    }
    committed = true;
  }

  private void process(Map<String, String> r) {
    String student = blankToNull(r.get("StudentID"));
    String course = blankToNull(r.get("CourseID"));
    String engagementRaw = blankToNull(r.get("EngagementScore"));
    if (student == null || course == null || engagementRaw == null) {
      Map<String, String> v = new LinkedHashMap<>();
      v.put("ErrorCode", student == null ? "NULL_STUDENT_ID" : course == null ? "NULL_COURSE_ID" : "NULL_ENGAGEMENT_SCORE");
      v.put("StudentID", r.get("StudentID"));
      v.put("CourseID", r.get("CourseID"));
      v.put("EngagementScore", r.get("EngagementScore"));
      nullViolations.add(v);
      if (student == null || course == null) {
        return;
      }
    }
    LocalDateTime login = timestamp(r.get("LoginTime"));
    LocalDateTime lmd = timestamp(r.get("LastModifiedDate"));
    BigDecimal progress = number(r.get("ProgressPercentage"));
    BigDecimal engagement = engagementRaw == null ? BigDecimal.ZERO : number(engagementRaw);
    String code = login == null ? "INVALID_LOGIN_TIME"
        : lmd == null ? "INVALID_LAST_MODIFIED_DATE"
        : progress == null || progress.signum() < 0 || progress.compareTo(BigDecimal.valueOf(100)) > 0
            ? "INVALID_PROGRESS_PERCENTAGE"
        : engagement == null || engagement.stripTrailingZeros().scale() > 0 || engagement.signum() < 0
            || engagement.compareTo(BigDecimal.valueOf(100)) > 0 ? "INVALID_ENGAGEMENT_SCORE"
        : null;
    if (code != null) {
      Map<String, String> v = new LinkedHashMap<>();
      v.put("ErrorCode", code);
      v.put("StudentID", r.get("StudentID"));
      v.put("CourseID", r.get("CourseID"));
      v.put("StudentEmail", mask(r.get("StudentEmail")));
      v.put("LoginTime", r.get("LoginTime"));
      v.put("ProgressPercentage", r.get("ProgressPercentage"));
      v.put("EngagementScore", r.get("EngagementScore"));
      v.put("LastModifiedDate", r.get("LastModifiedDate"));
      rejected.add(v);
      return;
    }
    Map<String, String> s = new LinkedHashMap<>();
    s.put("StudentID", student);
    s.put("CourseID", course);
    s.put("StudentEmail", mask(r.get("StudentEmail")));
    s.put("LoginTime", login.format(OUT));
    s.put("ProgressPercentage", progress.setScale(2, RoundingMode.HALF_UP).toPlainString());
    s.put("EngagementScore", LakeReader.canonical(engagement.intValueExact()));
    s.put("LastModifiedDate", lmd.format(OUT));
    s.put("LoginDate", login.toLocalDate().toString());
    silver.add(s);
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
    Map<List<String>, List<Map<String, String>>> groups = new TreeMap<>(Comparator.comparing(Object::toString));
    for (Map<String, String> s : silver) {
      groups.computeIfAbsent(List.of(s.get("StudentID"), s.get("CourseID")), k -> new ArrayList<>()).add(s);
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
    Map<String, List<Double>> averages = new TreeMap<>();
    for (Map<String, String> g : gold()) {
      averages.computeIfAbsent(g.get("StudentID"), k -> new ArrayList<>()).add(Double.parseDouble(g.get("AvgEngagementScore")));
    }
    List<Map.Entry<String, Double>> ranked = new ArrayList<>();
    averages.forEach((student, avgs) -> ranked.add(Map.entry(student, avgs.stream().mapToDouble(d -> d).average().orElseThrow())));
    ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
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
    Map<String, long[]> courses = new TreeMap<>();
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
