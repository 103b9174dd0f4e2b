package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.RunLog;
import dev.engagement.pipeline.parquet.ParquetRecords;
import dev.engagement.pipeline.testing.ExpectedTables;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.ReferencePipeline;
import java.io.File;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality gates, the run log and error records, alerts, structured logs and retention, on the fixtures. */
class OperationsITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir File work;
  private File bronze;
  private File lake;
  private HttpServer webhook;
  private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    bronze = new File(work, "bronze");
    lake = new File(work, "lake");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/hook", exchange -> {
      alerts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    webhook.start();
  }

  @AfterEach
  void tearDown() {
    webhook.stop(0);
  }

  private String hook() {
    return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
  }

  private PipelineRunner.Result run(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--bronze", bronze.getPath(), "--lake", lake.getPath()));
    args.addAll(List.of(extra));
    return PipelineRunner.run(work, args.toArray(String[]::new));
  }

  private File rules(String text) throws Exception {
    File file = new File(work, "rules.properties");
    Files.writeString(file.toPath(), text);
    return file;
  }

  @Test
  void aFailGateAboveItsThresholdFailsTheRunAndCommitsNothing() throws Exception {
    // 3 of the fixture's 31 rows (9.7%) have a NULL StudentID.
    PipelineRunner.Result failed = run("--rules", rules("null_student_id.action = fail\nnull_student_id.max = 5%\n").getPath(),
        "--alert-webhook", hook());
    assertThat(failed.exitCode()).isEqualTo(4);
    assertThat(failed.err()).contains("quality gate failed: rule null_student_id (NULL_STUDENT_ID): 3 of 31 rows, max 5.0%");
    assertThat(Lakes.listing(lake)).noneMatch(p -> p.startsWith("silver") || p.startsWith("gold"));
    assertThat(new File(lake, "_pipeline/StudentEngagement/watermark.json")).doesNotExist();
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.get("status").asText()).isEqualTo("FAILED");
      assertThat(a.get("errorCodes").toString()).contains("QUALITY_GATE_FAILED", "NULL_CHECK_FAILED");
    });
    assertThat(runLog()).singleElement().satisfies(r -> assertThat(r.get("Status")).isEqualTo("FAILED"));
    assertThat(errors()).extracting(e -> e.get("ErrorCode") + "@" + e.get("ActivityName"))
        .contains("QUALITY_GATE_FAILED@QualityCheck", "NULL_CHECK_FAILED@QualityCheck");

    // Under a 10% limit the same data passes.
    alerts.clear();
    PipelineRunner.Result passed = run("--rules", rules("null_student_id.action = fail\nnull_student_id.max = 10%\n").getPath());
    assertThat(passed.exitCode()).as(passed.err()).isZero();
    FixtureReplayITCase.assertLakeEquals(lake, "full");
  }

  @Test
  void aBadRulesFileIsRefusedBeforeAnythingRuns() throws Exception {
    PipelineRunner.Result bad = run("--rules", rules("# gates\nnull_student_id.action = explode\n").getPath());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("line 2: action must be warn, drop or fail, not 'explode'");
    PipelineRunner.Result unknown = run("--rules", rules("no_such_rule.max = 3\n").getPath());
    assertThat(unknown.err()).contains("line 1: no rule 'no_such_rule'");
    assertThat(lake).doesNotExist();
  }

  @Test
  void runsAreLoggedWithCountsAndAWarnGateAlerts() throws Exception {
    PipelineRunner.Result first = run("--alert-webhook", hook());
    assertThat(first.exitCode()).as(first.err()).isZero();
    // NULL_ENGAGEMENT_SCORE is a warn rule: 3 rows fire its gate.
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.get("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(a.get("pipeline").asText()).isEqualTo("StudentEngagement");
      assertThat(a.get("warnings").toString()).contains("rule null_engagement_score (NULL_ENGAGEMENT_SCORE): 3 of 31 rows");
      assertThat(a.at("/counts/bronze").asLong()).isEqualTo(31);
      assertThat(a.at("/errorCounts/INVALID_LOGIN_TIME").asLong()).isEqualTo(4);
    });
    assertThat(run().exitCode()).isZero();

    List<Map<String, Object>> runs = runLog();
    assertThat(runs).extracting(r -> r.get("Status")).containsExactlyInAnyOrder("SUCCEEDED", "NOTHING_TO_DO");
    Map<String, Object> full = runs.stream().filter(r -> r.get("Status").equals("SUCCEEDED")).findFirst().orElseThrow();
    assertThat(full).containsEntry("BronzeRows", 31L).containsEntry("SilverRows", 13L)
        .containsEntry("NullViolationRows", 8L).containsEntry("RejectedRows", 13L).containsEntry("GoldRowsTouched", 10L)
        .containsEntry("Mode", "full (first run)").containsEntry("WatermarkAfter", "2025-02-03 09:00:00.000");
    assertThat(JSON.readTree((String) full.get("ErrorCounts")).get("NULL_STUDENT_ID").asLong()).isEqualTo(3);
    assertThat(errors()).extracting(e -> e.get("ErrorCode")).containsExactly("NULL_CHECK_FAILED");

    java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
    dev.engagement.pipeline.ops.PipelineStatusAccess.print(lake, false, table);
    assertThat(table.toString(StandardCharsets.UTF_8)).contains("Last runs", "SUCCEEDED", "NOTHING_TO_DO", "NULL_CHECK_FAILED");
    java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
    dev.engagement.pipeline.ops.PipelineStatusAccess.print(lake, true, json);
    assertThat(JSON.readTree(json.toByteArray()).get("runs")).hasSize(2);
  }

  @Test
  void anUnreachableWebhookNeverChangesTheRunsStatus() {
    PipelineRunner.Result result = run("--alert-webhook", "http://127.0.0.1:9/down");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void retentionDeletesOldSilverAndQualityPartitionsButNeverGold() throws Exception {
    // The fixture's LoginDates are in early 2025; the run date is today: 400 days keeps none of them.
    PipelineRunner.Result result = run("--retention-days", "400");
    assertThat(result.exitCode()).as(result.err()).isZero();
    File silver = new File(lake, "silver/student_engagement");
    assertThat(LakeReader.read(silver)).isEmpty();
    assertThat(LakeReader.read(new File(lake, "quality/null_violations")))
        .extracting(r -> r.get("ErrorDate")).containsOnly(LocalDate.now(ZoneOffset.UTC).toString());
    assertThat(runLog()).singleElement().satisfies(r -> assertThat(r.get("PartitionsDeleted")).isEqualTo(10L));
    ReferencePipeline reference = new ReferencePipeline();
    reference.run(ReferencePipeline.sourceRows(Lakes.fixtures("bronze")), true);
    ExpectedTables.assertSameRows("gold", LakeReader.read(new File(lake, "gold/student_course_engagement")), reference.gold());
    // The retention's commit removed the partitions; their files stay for time travel ...
    List<File> removed = LakeReader.parquetFiles(silver);
    assertThat(removed).hasSize(10);
    // ... until they are older than --keep-versions-days, and so is every version that had them.
    ageEveryFile(lake, Duration.ofDays(3));
    assertThat(run("--keep-versions-days", "2").exitCode()).isZero(); // nothing new: vacuums only
    assertThat(removed).noneMatch(File::exists);
    assertThat(LakeReader.read(silver)).isEmpty();
    ExpectedTables.assertSameRows("gold", LakeReader.read(new File(lake, "gold/student_course_engagement")), reference.gold());
  }

  @Test
  void aLakeOfAnEarlierReleaseWithoutDeltaLogsIsRefusedWithHowToMoveOn() throws Exception {
    assertThat(run().exitCode()).isZero();
    org.apache.commons.io.FileUtils.deleteDirectory(new File(lake, "gold/student_course_engagement/_delta_log"));
    PipelineRunner.Result refused = run("--mode", "full");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("gold/student_course_engagement holds parquet files but no Delta log",
        "run --mode full over all of bronze into a new one");
  }

  /** Moves every file's modification time back, as if the lake had been written {@code age} ago. */
  private void ageEveryFile(File dir, Duration age) throws Exception {
    try (var files = Files.walk(dir.toPath())) {
      for (java.nio.file.Path f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(
            Files.getLastModifiedTime(f).toInstant().minus(age)));
      }
    }
  }

  @Test
  void logsAreJsonLinesWithoutRawEmailsOrSecrets() throws Exception {
    File conf = new File(work, "secret.yaml");
    Files.writeString(conf.toPath(), "fs.azure.account.key.acct.blob.core.windows.net: c2VjcmV0LWtleS1mb3ItdGVzdA==\n");
    PipelineRunner.Result result = PipelineRunner.runWithConf(work,
        "fs.azure.account.key.acct.blob.core.windows.net: c2VjcmV0LWtleS1mb3ItdGVzdA==\n",
        "--bronze", bronze.getPath(), "--lake", lake.getPath());
    assertThat(result.exitCode()).isZero();
    File log = new File("target/test-logs/pipeline.json.log");
    List<String> lines = Files.readAllLines(log.toPath());
    assertThat(lines).isNotEmpty().allSatisfy(l -> JSON.readTree(l));
    assertThat(lines).anyMatch(l -> l.contains("\"stage\"") && l.contains("\"durationMs\"") && l.contains("\"runId\""));
    Set<String> emails = new java.util.HashSet<>();
    ReferencePipeline.sourceRows(Lakes.fixtures("bronze")).forEach(r -> {
      if (r.get("StudentEmail") != null && r.get("StudentEmail").contains("@")) {
        emails.add(r.get("StudentEmail").strip());
      }
    });
    String everything = String.join("\n", lines) + result.out() + result.err();
    assertThat(emails).isNotEmpty().allSatisfy(e -> assertThat(everything).doesNotContain(e));
    assertThat(everything).doesNotContain("c2VjcmV0LWtleS1mb3ItdGVzdA==");
  }

  private List<Map<String, Object>> runLog() throws Exception {
    return ParquetRecords.read(RunLog.runLog(layout()));
  }

  private List<Map<String, Object>> errors() throws Exception {
    return ParquetRecords.read(RunLog.errors(layout()));
  }

  private LakeLayout layout() {
    return new LakeLayout(new Path(lake.toURI()), "StudentEngagement");
  }
}
