package dev.engagement.pipeline.delta;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.transaction.UpdateTableTransactionBuilder;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.fs.LakeFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Delta table of the lake, through Delta Kernel: the only class (with {@link KernelInternals}
 * for what Kernel has no public API for) that knows Kernel. Tables are created with reader
 * version 1 and writer version 2 (Kernel's defaults: no deletion vectors, no column mapping,
 * classic checkpoints), which every reader Azure users have can read.
 */
public final class DeltaTable {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaTable.class);
  static final String ENGINE_INFO = "student-engagement-pipeline";
  private static final Engine ENGINE = DefaultEngine.create(new FlinkFileIO());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How often a commit is judged and tried again while other writers win the race for the next version. */
  private static final int MAX_ATTEMPTS = 10;

  private final Path root;

  public DeltaTable(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Where a data file of the table is. */
  public Path absolute(DataFile file) {
    return new Path(root, file.path());
  }

  /** Whether the table has a version: a {@code _delta_log/} without one (a creation cut off) is no table yet. */
  public boolean exists() {
    return latest().isPresent();
  }

  /** Whether the table's folder has a {@code _delta_log/}, with or without a version in it. */
  public boolean hasLog() throws IOException {
    return root.getFileSystem().exists(new Path(root, "_delta_log"));
  }

  /**
   * Creates the table, without rows, unless it has a version (or another writer creates it
   * first); returns whether this call created it, as version 0.
   */
  public boolean createIfAbsent(ResolvedSchema schema, List<String> partitionColumns, Map<String, String> properties)
      throws IOException {
    if (exists()) {
      return false;
    }
    Transaction create = TableManager.buildCreateTableTransaction(root.toString(), DeltaSchemas.of(schema), ENGINE_INFO)
        .withDataLayoutSpec(partitionColumns.isEmpty() ? DataLayoutSpec.noDataLayout()
            : DataLayoutSpec.partitioned(partitionColumns.stream().map(Column::new).toList()))
        .withTableProperties(properties)
        .build(ENGINE);
    try {
      runHooks(create.commit(ENGINE, CloseableIterable.emptyIterable()));
    } catch (KernelException e) {
      if (!exists()) {
        throw e;
      }
      return false;
    }
    LOG.info("Created the Delta table {}", root);
    return true;
  }

  /** The latest snapshot's version, or -1 without a table. */
  public long version() {
    return latest().map(Snapshot::getVersion).orElse(-1L);
  }

  /** The greatest transaction version {@code appId} has committed to the table, or -1. */
  public long committedTransaction(String appId) {
    return latest().flatMap(s -> s.getLatestTransactionVersion(ENGINE, appId)).orElse(-1L);
  }

  /** The data files of the latest snapshot (none without a table). */
  public List<DataFile> files() {
    return latest().map(s -> files(s, f -> true, (file, row) -> file)).orElse(List.of());
  }

  /** The data files of the table as of {@code version}. */
  public List<DataFile> files(long version) {
    Snapshot snapshot = TableManager.loadSnapshot(root.toString()).atVersion(version).build(ENGINE);
    return files(snapshot, f -> true, (file, row) -> file);
  }

  /**
   * A commit to the table, as an optimistic transaction on the version it read.
   *
   * @param appId with {@code transaction}, the Delta transaction ({@code txn}) the commit carries;
   *     none if null
   * @param readVersion the version the writer read (-1: none)
   * @param reads what it read there: a commit by another writer after it that changed it is a
   *     {@link WriteConflict}
   * @param adds the data files it adds
   * @param removes which files current at commit time it removes
   * @param dataChange false for a rearrangement of the same rows (OPTIMIZE): readers of the
   *     table's changes skip it
   * @param info what the commit says of itself in its {@code commitInfo}
   */
  public record Write(String appId, long transaction, long readVersion, Reads reads, List<DataFile> adds,
      Predicate<DataFile> removes, boolean dataChange, CommitInfo info) {}

  /**
   * Commits {@code write} on the latest version once the commits after its read version are
   * judged ({@link ConcurrentCommits}); a commit that another writer's wins meanwhile is judged
   * again and retried. Returns the version committed, or -1 when the write's transaction is in
   * the log already (a replay after a crash).
   */
  public long commit(Write write) throws IOException {
    long judged = write.readVersion();
    for (int attempt = 1; ; attempt++) {
      Snapshot snapshot = latest().orElseThrow(() -> new IOException("no Delta table at " + root));
      boolean committed = ConcurrentCommits.judge(root, judged, snapshot.getVersion(), write.appId(),
          write.transaction(), write.reads());
      if (committed) {
        LOG.info("{}: transaction {} of {} is already committed", root, write.transaction(), write.appId());
        return -1;
      }
      judged = snapshot.getVersion();
      try {
        return commitOn(snapshot, write);
      } catch (KernelException e) {
        if (version() <= snapshot.getVersion() || attempt == MAX_ATTEMPTS) {
          throw e;
        }
        LOG.info("{}: another writer committed version {} first; judging it and retrying", root, snapshot.getVersion() + 1);
      }
    }
  }

  private long commitOn(Snapshot snapshot, Write write) throws IOException {
    UpdateTableTransactionBuilder builder = snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE)
        .withMaxRetries(0);
    Transaction txn = (write.appId() == null ? builder : builder.withTransactionId(write.appId(), write.transaction()))
        .build(ENGINE);
    Row state = txn.getTransactionState(ENGINE);
    StructType dataSchema = KernelInternals.dataSchema(state);
    List<Row> actions = new ArrayList<>(files(snapshot, write.removes(),
        (file, row) -> KernelInternals.removeAction(row, write.dataChange())));
    int removed = actions.size();
    for (DataFile file : write.adds()) {
      DataFileStatus status = new DataFileStatus(absolute(file).toString(), file.size(), file.modificationTime(),
          Optional.of(FileStatistics.of(file, absolute(file), dataSchema)));
      Map<String, Literal> partition = new HashMap<>();
      file.partitionValues().forEach((k, v) -> partition.put(k, v == null ? Literal.ofNull(StringType.STRING) : Literal.ofString(v)));
      actions.add(KernelInternals.addAction(state, status, Transaction.getWriteContext(ENGINE, state, partition),
          write.dataChange()));
    }
    CommitInfo info = write.info();
    Map<String, String> metrics = new LinkedHashMap<>(info.metrics());
    metrics.put("numAddedFiles", Long.toString(write.adds().size()));
    metrics.put("numRemovedFiles", Long.toString(removed));
    txn.withCommitterProperties(() -> KernelInternals.commitInfoProperties(info.operation(), info.parameters(), metrics));
    TransactionCommitResult result = txn.commit(ENGINE,
        CloseableIterable.inMemoryIterable(KernelInternals.iterator(actions)));
    runHooks(result);
    LOG.info("{}: committed version {} on version {} ({}: {} files added, {} removed)", root, result.getVersion(),
        snapshot.getVersion(), info.operation(), write.adds().size(), removed);
    return result.getVersion();
  }

  /**
   * Deletes the data files below the table's folder that no version of the last {@code keep}
   * needs ({@link VacuumPlan}: Delta's VACUUM rule). Returns how many.
   */
  public int vacuum(Duration keep) throws IOException {
    Optional<Snapshot> latest = latest();
    if (latest.isEmpty()) {
      return 0;
    }
    Set<String> live = new HashSet<>();
    files(latest.get(), f -> true, (file, row) -> file).forEach(f -> live.add(f.path()));
    return new VacuumPlan(root, keep).deleteUnneeded(live, KernelInternals.logRetention(latest.get()));
  }

  /** A commit of the log: its version and its actions (one JSON object each). */
  public record LoggedCommit(long version, List<JsonNode> actions) {}

  /**
   * The newest commit with an action (a {@code txn}, a {@code commitInfo}) that {@code action}
   * accepts; empty if the log no longer has it (it keeps commits 30 days).
   */
  public Optional<LoggedCommit> commitWhere(Predicate<JsonNode> action) throws IOException {
    Path log = new Path(root, "_delta_log");
    FileSystem fs = log.getFileSystem();
    if (!fs.exists(log)) {
      return Optional.empty();
    }
    List<Path> commits = new ArrayList<>();
    for (org.apache.flink.core.fs.FileStatus file : fs.listStatus(log)) {
      if (file.getPath().getName().matches("\\d{20}\\.json")) {
        commits.add(file.getPath());
      }
    }
    commits.sort(java.util.Comparator.comparing(Path::getName).reversed());
    for (Path commit : commits) {
      List<JsonNode> actions = new ArrayList<>();
      for (String line : LakeFiles.readString(commit).split("\n")) {
        if (!line.isBlank()) {
          actions.add(JSON.readTree(line));
        }
      }
      if (actions.stream().anyMatch(action)) {
        return Optional.of(new LoggedCommit(Long.parseLong(commit.getName().substring(0, 20)), actions));
      }
    }
    return Optional.empty();
  }

  /** Refuses a restore of {@code version} when a file of it is gone (vacuumed). */
  public void checkRestorable(long version) throws IOException {
    FileSystem fs = root.getFileSystem();
    for (DataFile file : files(version)) {
      if (!fs.exists(absolute(file))) {
        throw new IllegalArgumentException("version " + version + " of " + root + " cannot be restored: its file "
            + file.path() + " was deleted by the vacuum (files are kept --keep-versions-days after a newer version"
            + " replaced them)");
      }
    }
  }

  /**
   * What makes {@code version} the table's content again, as Delta's RESTORE does: the files it
   * had and the latest lacks are added back, the latest's others removed.
   */
  public record Restoration(List<DataFile> adds, Predicate<DataFile> removes) {}

  public Restoration restoration(long version) throws IOException {
    checkRestorable(version);
    Set<String> wanted = new HashSet<>();
    List<DataFile> target = files(version);
    target.forEach(f -> wanted.add(f.path()));
    Set<String> present = new HashSet<>();
    files().forEach(f -> present.add(f.path()));
    return new Restoration(target.stream().filter(f -> !present.contains(f.path())).toList(),
        f -> !wanted.contains(f.path()));
  }

  /** Whether a transaction ({@code appId}, {@code transaction}) is in the log after {@code readVersion}; throws a {@link WriteConflict} for a commit in between that changed what {@code reads} covers. */
  public boolean judge(long readVersion, String appId, long transaction, Reads reads) throws IOException {
    return ConcurrentCommits.judge(root, readVersion, version(), appId, transaction, reads);
  }

  /** What a commit says of itself in {@code commitInfo}. */
  public record CommitInfo(String operation, Map<String, String> parameters, Map<String, String> metrics) {}

  private Optional<Snapshot> latest() {
    try {
      return Optional.of(TableManager.loadSnapshot(root.toString())
          .withCommitter(KernelInternals.COMMITTER).build(ENGINE));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
  }

  private <T> List<T> files(Snapshot snapshot, Predicate<DataFile> keep, java.util.function.BiFunction<DataFile, Row, T> as) {
    List<T> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = snapshot.getScanBuilder().build().getScanFiles(ENGINE)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            DataFile file = KernelInternals.dataFile(row, root);
            if (keep.test(file)) {
              out.add(as.apply(file, row));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Checkpoints (every {@code delta.checkpointInterval} commits). The commit is made already: one
   * that fails is logged, and the next commit's does the work again. Kernel's other hooks write
   * a checksum file ({@code N.crc}) per version, which readers may use and never need; on Blob
   * storage each is a write and a rename, a third of a table's commit.
   */
  private void runHooks(TransactionCommitResult result) {
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      if (hook.getType() != PostCommitHook.PostCommitHookType.CHECKPOINT) {
        continue;
      }
      try {
        hook.threadSafeInvoke(ENGINE);
      } catch (IOException | RuntimeException | LinkageError e) {
        LOG.warn("{}: the {} after version {} failed: {}", root, hook.getType(), result.getVersion(), e.toString());
      }
    }
  }
}
