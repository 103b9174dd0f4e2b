package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.delta.Reads;
import dev.engagement.pipeline.delta.WriteConflict;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.fs.ParallelFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.progress.ProgressReporter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run (or a rollback) as one transaction over the lake's six tables:
 *
 * <ol>
 *   <li>{@link #begin}, under the lock: the version of each table the run reads (gold's files for
 *       its merge), the watermark, and the run's number;
 *   <li>the job writes the run's files under their final names ({@code part-<run id>-...}), which
 *       no version names yet;
 *   <li>{@link #commit}: tables the lake lacks are created; the lock is checked to be still this
 *       run's; every table's commits since its read version are judged (Delta's conflict rules,
 *       {@link DeltaTable#judge}); then the commit point, the manifest {@code commit.json};
 *   <li>one Delta commit per table in {@link #COMMIT_ORDER}, each an optimistic transaction on the
 *       version the run read, carrying the run's {@code txn} so that it is never made twice;
 *   <li>the watermark; {@code commit.json} is renamed {@code committed.json}; the run folder goes.
 * </ol>
 *
 * <p>{@link #recover} completes the commit of a run cut off after its commit point, and deletes
 * what runs that never reached it wrote. A conflict on the first table, before any table has the
 * run's commit, abandons the run's commit: nothing of it is in the lake, the watermark has not
 * moved, and the next run reads its rows again.
 */
public final class RunTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(RunTransaction.class);
  /**
   * Gold first: it is the one table a run's rows depend on (the merge reads it), so a conflict
   * there is found before any table has the run's commit. The reports follow from gold; silver
   * and the quality tables are blind appends, which Delta commits over any concurrent change of
   * their rows.
   */
  static final List<LakeTable> COMMIT_ORDER = List.of(LakeTable.GOLD, LakeTable.TOP_STUDENTS,
      LakeTable.COURSE_COMPLETION, LakeTable.SILVER, LakeTable.NULL_VIOLATIONS, LakeTable.REJECTED_ROWS);

  private final LakeLayout lake;
  private final PipelineLock lock;
  private final String runId;
  private final LakeTables tables;
  private final Map<LakeTable, Long> readVersions;
  private final Optional<Watermark> watermark;
  private final long transaction;

  private RunTransaction(LakeLayout lake, PipelineLock lock, String runId, LakeTables tables,
      Map<LakeTable, Long> readVersions, Optional<Watermark> watermark, long transaction) {
    this.lake = lake;
    this.lock = lock;
    this.runId = runId;
    this.tables = tables;
    this.readVersions = readVersions;
    this.watermark = watermark;
    this.transaction = transaction;
  }

  /** Another writer changed what the run read: nothing of it was committed. */
  public static final class Conflict extends IOException {
    Conflict(String runId, WriteConflict cause) {
      super("another writer changed what run " + runId + " read; nothing of the run was committed, and the next run"
          + " reads its rows again: " + cause.getMessage(), cause);
    }
  }

  /** The run passed its commit point but could not finish the commit: the next run will. */
  public static final class CutOff extends IOException {
    CutOff(String runId, Exception cause) {
      super("the commit of run " + runId + " was cut off (" + cause.getMessage()
          + "); the next run of the pipeline completes it", cause);
    }
  }

  /** Starts the run's transaction: what each table is at, and the watermark. */
  public static RunTransaction begin(LakeLayout lake, PipelineLock lock, String runId) throws IOException {
    LakeTables tables = LakeTables.open(lake);
    Map<LakeTable, Long> versions = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      versions.put(table, tables.get(table).version());
    }
    return new RunTransaction(lake, lock, runId, tables, versions, Watermark.read(lake), tables.nextTransaction());
  }

  public LakeLayout lake() {
    return lake;
  }

  public String runId() {
    return runId;
  }

  public Optional<Watermark> watermark() {
    return watermark;
  }

  /** Whether the table had a version when the run began. */
  public boolean exists(LakeTable table) {
    return readVersions.get(table) >= 0;
  }

  /** The table's data files at the version the run read (none without a table). */
  public List<String> files(LakeTable table) {
    return dataFiles(table).stream().map(f -> tables.get(table).absolute(f).toString()).toList();
  }

  /** The table's data files at the version the run read (none without a table). */
  public List<DataFile> dataFiles(LakeTable table) {
    return exists(table) ? tables.get(table).files(readVersions.get(table)) : List.of();
  }

  /** Marks the run's folder before its job writes: the files of a run that dies are found by it. */
  public void markStarted() throws IOException {
    LakeFiles.touch(lake.startedMarker(runId));
  }

  /**
   * Commits what the job wrote to each table in {@code schemas}: a full run replaces every table,
   * an incremental run commits each as its {@link LakeTable#incrementalCommit()} says, and the
   * watermark moves to {@code newWatermark}. Returns the rows committed per table.
   */
  public Map<LakeTable, Long> commit(String mode, boolean full, Map<LakeTable, ResolvedSchema> schemas,
      Map<String, String> newTableProperties, JobOutput output, String newWatermark, ProgressReporter progress)
      throws IOException {
    List<Manifest.TableCommit> commits = new ArrayList<>();
    Map<LakeTable, Long> rows = new EnumMap<>(LakeTable.class);
    for (LakeTable table : COMMIT_ORDER) {
      // A table the run creates is read at its version 0; one another writer created meanwhile is
      // judged from its creation on.
      long read = exists(table) ? readVersions.get(table) : tables.get(table).createIfAbsent(schemas.get(table),
          table.partitionKey().map(List::of).orElse(List.of()), newTableProperties) ? 0 : -1;
      RunFiles written = output.files(lake.table(table));
      rows.put(table, written.rows());
      commits.add(new Manifest.TableCommit(table, full ? LakeTable.Commit.REPLACE : table.incrementalCommit(), read,
          -1, written.rows(), written.files()));
    }
    progress.committing(commits.size(), commits.stream().mapToLong(c -> c.files().size()).sum());
    commit(new Manifest(runId, lake.pipelineName(), mode, transaction, newWatermark, full, null, commits),
        progress::tableCommitted);
    return rows;
  }

  /**
   * One table's part of an erase.
   *
   * @param commit {@link LakeTable.Commit#REWRITE} for a table of rows, {@link LakeTable.Commit#REPLACE}
   *     for a report table, derived again
   * @param adds the files written without the erased rows (or, for a report table, derived again)
   * @param rows the rows erased
   * @param replaced the names of the files they replace (a report table's: all, none named)
   * @param purged the files (relative to the table) that held erased rows, deleted once committed
   */
  public record Erasure(LakeTable.Commit commit, List<DataFile> adds, long rows, Set<String> replaced,
      List<String> purged) {}

  /**
   * Commits an erase as one transaction: each table's files that held the erased students' rows
   * are replaced by their rewrites (the report tables by their derivation from the new gold), then
   * the files that held those rows are deleted, whatever versions still name them. The watermark
   * stays. An erase cut off is completed by the next run.
   */
  public void erase(Map<LakeTable, Erasure> tables) throws IOException {
    List<Manifest.TableCommit> commits = COMMIT_ORDER.stream().filter(tables::containsKey).map(table -> {
      Erasure e = tables.get(table);
      return new Manifest.TableCommit(table, e.commit(), readVersions.get(table), -1, e.rows(), e.adds(),
          e.replaced(), e.purged());
    }).toList();
    commit(new Manifest(runId, lake.pipelineName(), "erase", transaction, null, false, null, commits), files -> {});
  }

  /**
   * Rolls every table back to its version in {@code versions} and the watermark to {@code to}, as
   * one transaction of its own: a rollback cut off is completed by the next run.
   */
  public void rollback(Map<LakeTable, Long> versions, Watermark to) throws IOException {
    for (LakeTable table : LakeTable.values()) { // all refused before any is restored
      tables.get(table).checkRestorable(versions.get(table));
    }
    List<Manifest.TableCommit> commits = COMMIT_ORDER.stream().map(table -> new Manifest.TableCommit(table,
        LakeTable.Commit.RESTORE, readVersions.get(table), versions.get(table), 0, List.<DataFile>of())).toList();
    commit(new Manifest(runId, lake.pipelineName(), "rollback", transaction, to.lastModifiedDate(), true, to.runId(),
        commits), files -> {});
  }

  private void commit(Manifest manifest, LongConsumer committed) throws IOException {
    CrashPoints.reached("before-commit-point");
    lock.checkHeld();
    try {
      for (Manifest.TableCommit commit : manifest.tables()) {
        tables.get(commit.table()).judge(commit.readVersion(), manifest.pipelineName(), transaction, reads(commit));
      }
    } catch (WriteConflict e) {
      throw new Conflict(runId, e);
    }
    LakeFiles.writeStringAtomically(lake.commitPoint(runId), manifest.toJson());
    CrashPoints.reached("after-commit-point");
    try {
      complete(lake, manifest, committed);
    } catch (Conflict e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CutOff(manifest.runId(), e);
    }
  }

  /**
   * Completes every commit a killed run (or rollback) left behind, and deletes what runs that
   * never reached their commit point wrote. Returns the ids of the runs it completed.
   */
  public static List<String> recover(LakeLayout lake) throws IOException {
    List<String> completed = new ArrayList<>();
    for (Path runDir : LakeFiles.listDirs(lake.runsDir())) {
      String runId = runDir.getName();
      String pending = LakeFiles.readAtomicallyWritten(lake.commitPoint(runId));
      if (pending != null && !runDir.getFileSystem().exists(lake.commitDone(runId))) {
        Manifest manifest = Manifest.fromJson(pending);
        LOG.warn("Completing the commit of run {} that was cut off", manifest.runId());
        try {
          complete(lake, manifest, files -> {});
          completed.add(manifest.runId());
        } catch (Conflict e) {
          LOG.warn("Run {}: {}", runId, e.getMessage());
        }
      } else {
        LOG.info("Removing run {} (never committed, or already complete)", runId);
        abandon(lake, runId);
      }
    }
    return completed;
  }

  /**
   * Deletes what a run that failed before its commit point wrote: its data files and its folder.
   * A run past its commit point keeps them, for the next run to complete the commit.
   */
  public static void abandon(LakeLayout lake, String runId) throws IOException {
    boolean done = lake.runDir(runId).getFileSystem().exists(lake.commitDone(runId));
    if (!done && LakeFiles.readAtomicallyWritten(lake.commitPoint(runId)) != null) {
      return;
    }
    if (!done) {
      deleteFiles(lake, runId);
    }
    LakeFiles.deleteRecursively(lake.runDir(runId));
  }

  private static void deleteFiles(LakeLayout lake, String runId) throws IOException {
    for (LakeTable table : LakeTable.values()) {
      RunFiles.delete(lake.table(table), runId);
    }
  }

  /**
   * Commits each table of the manifest not yet committed, then the watermark. A conflict before
   * any table has the run's commit abandons it ({@link Conflict}): its files and its commit point
   * are deleted.
   */
  private static void complete(LakeLayout lake, Manifest manifest, LongConsumer committed) throws IOException {
    boolean anyCommitted = false;
    for (Manifest.TableCommit commit : manifest.tables()) {
      DeltaTable table = new DeltaTable(lake.table(commit.table()));
      try {
        table.commit(write(manifest, commit, table));
      } catch (WriteConflict e) {
        if (anyCommitted) {
          throw e;
        }
        deleteFiles(lake, manifest.runId());
        LakeFiles.deleteRecursively(lake.runDir(manifest.runId()));
        throw new Conflict(manifest.runId(), e);
      }
      anyCommitted = true;
      committed.accept(commit.files().size());
      CrashPoints.reached("after-commit-of-" + commit.table().name().toLowerCase(Locale.ROOT));
    }
    purge(lake, manifest);
    CrashPoints.reached("before-watermark");
    storeWatermark(lake, manifest);
    LakeFiles.rename(lake.commitPoint(manifest.runId()), lake.commitDone(manifest.runId()));
    LakeFiles.deleteRecursively(lake.runDir(manifest.runId()));
  }

  /** Deletes the files the manifest purges (a replay deletes what is left of them). */
  private static void purge(LakeLayout lake, Manifest manifest) throws IOException {
    for (Manifest.TableCommit commit : manifest.tables()) {
      FileSystem fs = lake.table(commit.table()).getFileSystem();
      ParallelFiles.forEach(commit.purged(), file -> fs.delete(new Path(lake.table(commit.table()), file), false));
    }
  }

  /** A table's commit as an optimistic transaction on the version the run read. */
  private static DeltaTable.Write write(Manifest manifest, Manifest.TableCommit commit, DeltaTable table)
      throws IOException {
    long read = commit.readVersion() == null ? table.version() : commit.readVersion();
    if (commit.commit() == LakeTable.Commit.RESTORE) {
      DeltaTable.Restoration restoration = table.restoration(commit.restoreVersion());
      return new DeltaTable.Write(manifest.pipelineName(), manifest.transaction(), read, reads(commit),
          restoration.adds(), restoration.removes(), true, new DeltaTable.CommitInfo("RESTORE", Map.of(
              "version", Long.toString(commit.restoreVersion()), "runId", manifest.restoresRun(),
              "rollbackId", manifest.runId(), "pipeline", manifest.pipelineName()), Map.of()));
    }
    Set<Map<String, String>> partitions = partitions(commit);
    String prefix = RunFiles.prefix(manifest.runId());
    Predicate<DataFile> replaced = switch (commit.commit()) {
      case APPEND, RESTORE -> file -> false;
      case REPLACE_PARTITIONS -> file -> partitions.contains(file.partitionValues());
      case REPLACE -> file -> true;
      case REWRITE -> file -> commit.replaced().contains(new Path(file.path()).getName());
    };
    boolean erase = commit.commit() == LakeTable.Commit.REWRITE;
    return new DeltaTable.Write(manifest.pipelineName(), manifest.transaction(), read, reads(commit), commit.files(),
        replaced.and(file -> !new Path(file.path()).getName().startsWith(prefix)), true,
        new DeltaTable.CommitInfo(erase ? "DELETE" : "WRITE", parameters(manifest, commit.commit()),
            Map.of(erase ? "numDeletedRows" : "numOutputRows", Long.toString(commit.rows()))));
  }

  /**
   * What a table's commit read: an incremental run's gold merge, the courses it rewrites; a
   * rollback, the whole table. Appends read nothing, and a full run rebuilds every table from
   * bronze alone (a change committed meanwhile is replaced, as if it came before the run).
   */
  private static Reads reads(Manifest.TableCommit commit) {
    return switch (commit.commit()) {
      case REPLACE_PARTITIONS -> Reads.partitions(partitions(commit));
      case RESTORE -> Reads.table();
      case REWRITE -> Reads.files(commit.replaced());
      case APPEND, REPLACE -> Reads.nothing();
    };
  }

  private static Set<Map<String, String>> partitions(Manifest.TableCommit commit) {
    Set<Map<String, String>> partitions = new HashSet<>();
    commit.files().forEach(f -> partitions.add(f.partitionValues()));
    return partitions;
  }

  /** The commit's operation parameters, in Spark's terms where it has them. */
  private static Map<String, String> parameters(Manifest manifest, LakeTable.Commit commit) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (commit == LakeTable.Commit.REWRITE) {
      parameters.put("predicate", "[\"StudentID of an erased student\"]");
    } else {
      parameters.put("mode", commit == LakeTable.Commit.APPEND ? "Append" : "Overwrite");
    }
    if (commit == LakeTable.Commit.REPLACE_PARTITIONS) {
      parameters.put("partitionOverwriteMode", "DYNAMIC");
    }
    parameters.put("pipeline", manifest.pipelineName());
    parameters.put("runId", manifest.runId());
    parameters.put("runMode", manifest.mode());
    return parameters;
  }

  private static void storeWatermark(LakeLayout lake, Manifest manifest) throws IOException {
    if (manifest.watermark() == null && !manifest.resetWatermark()) {
      return;
    }
    Optional<Watermark> before = Watermark.read(lake);
    boolean forward = before.isEmpty()
        || before.get().lastModifiedDate() == null
        || (manifest.watermark() != null
            && manifest.watermark().compareTo(before.get().lastModifiedDate()) > 0);
    if (manifest.resetWatermark() || forward) {
      new Watermark(lake.pipelineName(), manifest.watermark(), manifest.runId(), Instant.now().toString())
          .write(lake);
    }
  }
}
