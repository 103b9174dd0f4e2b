package dev.engagement.pipeline.parquet;

import dev.engagement.pipeline.counters.RowCounter;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.progress.ProgressReporter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.SupportsConcurrentExecutionAttempts;
import org.apache.flink.api.common.io.FinalizeOnMaster;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.io.OutputFormat;
import org.apache.flink.api.common.io.RichOutputFormat;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.table.OutputFormatFactory;
import org.apache.flink.connector.file.table.PartitionComputer;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.utils.PartitionPathUtils;

/**
 * Writes each subtask's partitions straight into the table folder, one file per partition named
 * by the run, its task and attempt ({@code CourseID=C1/part-<run>-task-0-attempt-0-file-3.parquet}),
 * never renamed afterwards, and reports each file it wrote (an accumulator of {@link WrittenFile}s,
 * which holds the finished attempts' only); once every subtask has finished, the JobManager
 * deletes the files of the attempts that did not finish (a failed one, or a speculative one that lost). Flink's
 * {@code FileSystemOutputFormat} writes into a folder per task attempt and partition instead and
 * renames every file into place at the end. The files are not part of the table until the run's
 * Delta commit names them (readers read the log, not the folder).
 */
final class PartitionFilesOutput extends RichOutputFormat<RowData>
    implements FinalizeOnMaster, SupportsConcurrentExecutionAttempts {
  private static final long serialVersionUID = 1L;
  private static final Pattern ATTEMPT = Pattern.compile("-task-(\\d+)-attempt-(\\d+)-file-\\d+\\.parquet$");

  private final Path table;
  private final String prefix;
  private final PartitionComputer<RowData> partitions;
  private final OutputFormatFactory<RowData> files;
  private transient InitializationContext attempt;
  private transient String attemptPrefix;
  private transient Map<String, OutputFormat<RowData>> open;
  private transient ListAccumulator<WrittenFile> written;
  private transient LongCounter finished;

  /** {@code prefix} starts every file name, e.g. {@code part-<uuid>}: unique to the run. */
  PartitionFilesOutput(Path table, String prefix, PartitionComputer<RowData> partitions, OutputFormatFactory<RowData> files) {
    this.table = table;
    this.prefix = prefix;
    this.partitions = partitions;
    this.files = files;
  }

  @Override
  public void configure(Configuration parameters) {}

  @Override
  public void open(InitializationContext context) {
    attempt = context;
    attemptPrefix = prefix + "-task-" + context.getTaskNumber() + "-attempt-" + context.getAttemptNumber() + "-file-";
    open = new HashMap<>();
    written = new ListAccumulator<>();
    getRuntimeContext().addAccumulator(accumulator(table), written);
    finished = RowCounter.counter(getRuntimeContext(), ProgressReporter.FILES_WRITTEN);
  }

  @Override
  public void writeRecord(RowData row) throws IOException {
    try {
      String partition = PartitionPathUtils.generatePartitionPath(partitions.generatePartValues(row));
      OutputFormat<RowData> file = open.get(partition);
      if (file == null) {
        Path folder = partition.isEmpty() ? table : new Path(table, partition);
        file = files.createOutputFormat(new Path(folder, attemptPrefix + open.size() + ".parquet"));
        file.open(attempt);
        open.put(partition, file);
      }
      file.writeRecord(partitions.projectColumnsToWrite(row));
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("could not write a row of " + table, e);
    }
  }

  /** Closes every partition's file (each writes its parquet file now), then rethrows the first failure. */
  @Override
  public void close() throws IOException {
    if (open == null) {
      return;
    }
    IOException failure = null;
    for (OutputFormat<RowData> file : open.values()) {
      try {
        file.close();
        written.add(((WrittenFile.Reporter) file).written());
        finished.add(1);
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    open = null;
    if (failure != null) {
      throw failure;
    }
  }

  /** The name of the accumulator of the files the finished attempts wrote into {@code table}. */
  static String accumulator(Path table) {
    return "written-files " + table.toString().replaceAll("/+$", "");
  }

  /**
   * Deletes the files of task attempts that did not finish, when a subtask was restarted. The
   * common case, every subtask finished at its first attempt, lists nothing: a table folder holds
   * every version's files, and listing it on Blob storage costs a request per folder. (Losing
   * speculative attempts of a first attempt that won are left, like a killed run's files, to the
   * vacuum: no Delta log names them.)
   */
  @Override
  public void finalizeGlobal(FinalizationContext context) throws IOException {
    if (java.util.stream.IntStream.range(0, context.getParallelism()).allMatch(i -> context.getFinishedAttempt(i) == 0)) {
      return;
    }
    for (FileStatus file : LakeFiles.listDataFiles(table)) {
      Path path = file.getPath();
      Matcher m = ATTEMPT.matcher(path.getName());
      if (path.getName().startsWith(prefix) && m.find()
          && Integer.parseInt(m.group(2)) != context.getFinishedAttempt(Integer.parseInt(m.group(1)))) {
        path.getFileSystem().delete(path, false);
        LakeFiles.deleteIfEmpty(path.getParent());
      }
    }
  }
}
