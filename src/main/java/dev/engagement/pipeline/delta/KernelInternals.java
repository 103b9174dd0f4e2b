package dev.engagement.pipeline.delta;

import dev.engagement.pipeline.fs.LakeFiles;
import io.delta.kernel.Snapshot;
import io.delta.kernel.commit.CommitFailedException;
import io.delta.kernel.commit.CommitMetadata;
import io.delta.kernel.commit.CommitResponse;
import io.delta.kernel.commit.Committer;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.internal.DataWriteContextImpl;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.TableConfig;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.CommitInfo;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.commit.DefaultFileSystemManagedTableOnlyCommitter;
import io.delta.kernel.internal.data.TransactionStateRow;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the lake needs of Delta Kernel beyond its public API, in one place: removing files
 * (delta-io/delta#3988: Kernel has no public call for remove actions yet), reading a scan file's
 * path and partition values, and a {@code commitInfo} that names the run. Each is a thin call into
 * a Kernel class that the public API uses itself; a Kernel upgrade is checked here.
 */
final class KernelInternals {
  private static final String OPERATION = "pipeline.operation";
  private static final String PARAMETER = "pipeline.parameter.";
  private static final String METRIC = "pipeline.metric.";

  /**
   * Kernel's file-system committer, with the commit's {@code commitInfo} rewritten from the
   * committer properties a transaction was given: the operation, its parameters (run id, mode)
   * and metrics (rows and files), as Spark's writers record them.
   */
  static final Committer COMMITTER = new Committer() {
    @Override
    public CommitResponse commit(Engine engine, CloseableIterator<Row> actions, CommitMetadata metadata)
        throws CommitFailedException {
      Map<String, String> properties = metadata.getCommitterProperties().get();
      if (!properties.containsKey(OPERATION)) {
        return DefaultFileSystemManagedTableOnlyCommitter.INSTANCE.commit(engine, actions, metadata);
      }
      CommitInfo kernel = metadata.getCommitInfo();
      Row info = SingleAction.createCommitInfoSingleAction(new CommitInfo(
          kernel.getInCommitTimestamp(), kernel.getTimestamp(), kernel.getEngineInfo(),
          Optional.of(properties.get(OPERATION)), prefixed(properties, PARAMETER),
          kernel.getIsBlindAppend(), kernel.getTxnId(), prefixed(properties, METRIC)).toRow());
      CloseableIterator<Row> rewritten = actions.map(
          action -> action.isNullAt(SingleAction.COMMIT_INFO_ORDINAL) ? action : info);
      return DefaultFileSystemManagedTableOnlyCommitter.INSTANCE.commit(engine, rewritten, metadata);
    }
  };

  private KernelInternals() {}

  /** The committer properties that {@link #COMMITTER} turns into the commit's {@code commitInfo}. */
  static Map<String, String> commitInfoProperties(String operation, Map<String, String> parameters,
      Map<String, String> metrics) {
    Map<String, String> properties = new HashMap<>();
    properties.put(OPERATION, operation);
    parameters.forEach((k, v) -> properties.put(PARAMETER + k, v));
    metrics.forEach((k, v) -> properties.put(METRIC + k, v));
    return properties;
  }

  private static Map<String, String> prefixed(Map<String, String> properties, String prefix) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    properties.keySet().stream().filter(k -> k.startsWith(prefix)).sorted()
        .forEach(k -> out.put(k.substring(prefix.length()), properties.get(k)));
    return out;
  }

  /** A scan file of a snapshot of the table at {@code root} as a {@link DataFile}. */
  static DataFile dataFile(Row scanFile, org.apache.flink.core.fs.Path root) {
    FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
    String relative = LakeFiles.relativize(root, new org.apache.flink.core.fs.Path(status.getPath()));
    return new DataFile(relative, InternalScanFileUtils.getPartitionValues(scanFile),
        status.getSize(), status.getModificationTime(), null);
  }

  /**
   * The action that removes a scan file from the table, kept in the log as a tombstone;
   * {@code dataChange = false} for a rearrangement of rows that stay (OPTIMIZE).
   */
  static Row removeAction(Row scanFile, boolean dataChange) {
    AddFile add = new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
    return SingleAction.createRemoveFileSingleAction(
        add.toRemoveFileRow(dataChange, Optional.of(System.currentTimeMillis())));
  }

  /**
   * The action that adds a data file, as {@code Transaction.generateAppendActions} makes it but
   * with {@code dataChange} given: Kernel's public call marks every add a data change.
   */
  static Row addAction(Row transactionState, DataFileStatus status, DataWriteContext context, boolean dataChange) {
    URI tableRoot = new io.delta.kernel.internal.fs.Path(TransactionStateRow.getTablePath(transactionState)).toUri();
    AddFile add = AddFile.convertDataFileStatus(TransactionStateRow.getPhysicalSchema(transactionState), tableRoot,
        status, ((DataWriteContextImpl) context).getPartitionValues(), dataChange, Map.of(), Optional.empty(),
        Optional.empty(), Optional.empty());
    return SingleAction.createAddFileSingleAction(add.toRow());
  }

  /** How long the table's log keeps commits ({@code delta.logRetentionDuration}, 30 days unless set). */
  static Duration logRetention(Snapshot snapshot) {
    return Duration.ofMillis(TableConfig.LOG_RETENTION.fromMetadata(snapshot.getTableProperties()));
  }

  /** The columns a data file holds: the table's, less the partition columns (in folder names). */
  static StructType dataSchema(Row transactionState) {
    List<String> partitions = TransactionStateRow.getPartitionColumnsList(transactionState);
    StructType schema = new StructType();
    for (StructField field : TransactionStateRow.getPhysicalSchema(transactionState).fields()) {
      if (!partitions.contains(field.getName())) {
        schema = schema.add(field);
      }
    }
    return schema;
  }

  static <T> CloseableIterator<T> iterator(List<T> items) {
    Iterator<T> it = items.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }
}
