package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engagement.pipeline.commit.PipelineLock;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.ops.Rollback;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad load undone: a run over new bronze, rolled back to the run before it, leaves every table
 * and the watermark as that run left them; the next run reads the load again.
 */
class RollbackITCase {
  @TempDir File work;
  private File bronze;
  private File lake;
  private LakeLayout layout;

  @org.junit.jupiter.api.BeforeEach
  void paths() {
    bronze = new File(work, "bronze");
    lake = new File(work, "lake");
    layout = new LakeLayout(new Path(lake.toURI()), "StudentEngagement");
  }

  @Test
  void aRollbackRestoresEveryTableAndTheWatermarkAndTheNextRunReadsTheLoadAgain() throws Exception {
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    run();
    Map<LakeTable, List<Map<String, String>>> afterFirst = tables(lake);
    String firstWatermark = watermark(lake);

    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1")); // the load to undo
    run();
    Map<LakeTable, List<Map<String, String>>> afterLoad = tables(lake);
    assertThat(afterLoad).isNotEqualTo(afterFirst);

    String runId = Rollback.rollback(layout, Optional.empty(), Optional.of(0L)); // run number 0: the first
    assertThat(tables(lake)).isEqualTo(afterFirst);
    assertThat(watermark(lake)).isEqualTo(firstWatermark);
    for (LakeTable table : LakeTable.values()) {
      List<List<JsonNode>> commits = DeltaLog.commits(new File(lake, table.path()));
      JsonNode info = commits.get(commits.size() - 1).get(0).get("commitInfo");
      assertThat(info.get("operation").asText()).isEqualTo("RESTORE");
      assertThat(info.get("operationParameters").get("runId").asText()).isEqualTo(runId);
    }

    // The load's rows are newer than the restored watermark: the next run reads them again.
    run();
    assertThat(tables(lake)).isEqualTo(afterLoad);
  }

  @Test
  void aRollbackIsRefusedWhileARunHoldsTheLockForAnUnknownRunAndOnceTheFilesAreVacuumed() throws Exception {
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    run();
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"));
    run();

    assertThatThrownBy(() -> Rollback.rollback(layout, Optional.of("20250101T000000Z-nope"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run 20250101T000000Z-nope is not in the log");
    File lock = new File(lake, "_pipeline/StudentEngagement/LOCK");
    Files.writeString(lock.toPath(), "{\"runId\":\"other\",\"host\":\"" + java.net.InetAddress.getLocalHost().getHostName()
        + "\",\"pid\":" + ProcessHandle.current().pid() + ",\"heartbeat\":\"2026-01-01T00:00:00Z\"}");
    assertThatThrownBy(() -> Rollback.rollback(layout, Optional.empty(), Optional.of(0L)))
        .isInstanceOf(PipelineLock.Held.class).hasMessageContaining("is already running (run other");
    Files.delete(lock.toPath());

    // Three days later, a run that keeps replaced files one day vacuums the first run's.
    try (var files = Files.walk(lake.toPath())) {
      for (java.nio.file.Path f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Files.getLastModifiedTime(f).toInstant().minusSeconds(3 * 86400)));
      }
    }
    run("--keep-versions-days", "1");
    Map<LakeTable, List<Map<String, String>>> before = tables(lake);
    assertThatThrownBy(() -> Rollback.rollback(layout, Optional.empty(), Optional.of(0L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was deleted by the vacuum");
    assertThat(tables(lake)).as("no table restored").isEqualTo(before);
  }

  private void run(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--bronze", bronze.getPath(), "--lake", lake.getPath()));
    args.addAll(List.of(extra));
    PipelineRunner.Result result = PipelineRunner.run(work, args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  private static Map<LakeTable, List<Map<String, String>>> tables(File lake) {
    Map<LakeTable, List<Map<String, String>>> tables = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      tables.put(table, Lakes.rows(lake, table).stream().sorted(java.util.Comparator.comparing(Object::toString)).toList());
    }
    return tables;
  }

  private static String watermark(File lake) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(new File(lake, "_pipeline/StudentEngagement/watermark.json")).get("lastModifiedDate").asText();
  }
}
