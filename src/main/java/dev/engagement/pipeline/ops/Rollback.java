package dev.engagement.pipeline.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engagement.pipeline.commit.LakeTables;
import dev.engagement.pipeline.commit.PipelineLock;
import dev.engagement.pipeline.commit.RunTransaction;
import dev.engagement.pipeline.commit.Watermark;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.RunLog;
import dev.engagement.pipeline.parquet.ParquetRecords;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code deploy/rollback.sh} ({@code rollback --help}): restores all six tables and the watermark
 * to what they were right after a run (the run's id, or its number N: the version of the Delta
 * transaction it committed), each table
 * by a new commit, as Delta's RESTORE does. Refused while a run holds the lock, for a run the logs
 * do not have, and when the files of that run's versions were vacuumed.
 */
public final class Rollback {
  private Rollback() {}

  /**
   * Rolls the lake back to the run {@code runId} or number {@code transaction}, as a transaction of
   * its own (a commit point, then each table's RESTORE, then the watermark: a rollback cut off is
   * completed by the next run); returns the run's id.
   */
  public static String rollback(LakeLayout lake, Optional<String> runId, Optional<Long> transaction) throws IOException {
    String me = "rollback-" + Instant.now().toEpochMilli();
    try (PipelineLock lock = PipelineLock.acquire(lake, me, Duration.ofSeconds(120))) {
      RunTransaction.recover(lake);
      LakeTables tables = LakeTables.open(lake);
      String run = runId.isPresent() ? runId.get() : runOf(tables.get(LakeTable.GOLD), lake, transaction.orElseThrow());
      Map<LakeTable, Long> versions = new EnumMap<>(LakeTable.class);
      for (LakeTable table : LakeTable.values()) {
        versions.put(table, tables.get(table).commitWhere(a -> run.equals(runIdOf(a)))
            .orElseThrow(() -> new IllegalArgumentException("run " + run + " is not in the log of " + lake.table(table)
                + " (no such run of this pipeline, or older than the log keeps commits)"))
            .version());
      }
      RunTransaction.begin(lake, lock, me).rollback(versions, watermarkAfter(lake, run));
      return run;
    }
  }

  /** The id of the run that committed the pipeline's transaction number {@code transaction}. */
  private static String runOf(DeltaTable table, LakeLayout lake, long transaction) throws IOException {
    return table.commitWhere(a -> lake.pipelineName().equals(a.path("txn").path("appId").asText())
            && a.path("txn").path("version").asLong(-1) == transaction)
        .orElseThrow(() -> new IllegalArgumentException("no run number " + transaction + " of pipeline "
            + lake.pipelineName() + " in the log of " + table.root()))
        .actions().stream().map(Rollback::runIdOf).filter(id -> !id.isEmpty()).findFirst().orElseThrow();
  }

  /** The run id a commit's {@code commitInfo} names ("" for any other action). */
  private static String runIdOf(JsonNode action) {
    return action.path("commitInfo").path("operationParameters").path("runId").asText("");
  }

  /** The watermark as the run left it, from the run log. */
  private static Watermark watermarkAfter(LakeLayout lake, String runId) throws IOException {
    List<Map<String, Object>> rows = ParquetRecords.read(RunLog.runLog(lake)).stream()
        .filter(r -> runId.equals(r.get("RunId")) && "SUCCEEDED".equals(r.get("Status"))).toList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("run " + runId + " has no SUCCEEDED record in the run log " + RunLog.runLog(lake)
          + ": its watermark is unknown");
    }
    return new Watermark(lake.pipelineName(), (String) rows.get(0).get("WatermarkAfter"), runId, Instant.now().toString());
  }
}
