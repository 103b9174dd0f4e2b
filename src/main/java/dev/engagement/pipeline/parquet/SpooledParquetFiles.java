package dev.engagement.pipeline.parquet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.common.io.OutputFormat;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.table.OutputFormatFactory;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/**
 * The parquet file of each partition a sink subtask writes, spooled: while rows arrive, each
 * partition's rows are appended, serialized, to a local spool file; at close, each spool becomes
 * one parquet file, one partition at a time. A parquet writer keeps its whole row group (pages
 * and dictionaries, some hundreds of bytes a row) on the heap until it closes, so one writer per
 * open partition does not fit the heap at scale; a spool holds only a small write buffer.
 */
final class SpooledParquetFiles implements OutputFormatFactory<RowData> {
  private static final long serialVersionUID = 1L;
  private static final int BUFFER = 64 * 1024;

  private final BulkWriter.Factory<RowData> writers;
  private final RowType columns;

  SpooledParquetFiles(BulkWriter.Factory<RowData> writers, RowType columns) {
    this.writers = writers;
    this.columns = columns;
  }

  @Override
  public OutputFormat<RowData> createOutputFormat(Path path) {
    return new SpooledFile(path);
  }

  /** One partition's rows on their way to its parquet file at {@code path}. */
  private final class SpooledFile implements OutputFormat<RowData> {
    private static final long serialVersionUID = 1L;
    private final Path path;
    private transient RowDataSerializer serializer;
    private transient FileChannel spool;
    private transient DataOutputViewStreamWrapper out;
    private transient long rows;

    SpooledFile(Path path) {
      this.path = path;
    }

    @Override
    public void configure(Configuration parameters) {}

    /** Flink 1.x opens through this one. */
    public void open(int taskNumber, int numTasks) throws IOException {
      serializer = new RowDataSerializer(columns);
      java.nio.file.Path file = Files.createTempFile("lake-parquet-", ".spool");
      spool = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      // Unlinked at once: the open channel keeps it readable, and nothing is left behind
      // when the task fails or the process dies.
      Files.delete(file);
      out = new DataOutputViewStreamWrapper(new BufferedOutputStream(Channels.newOutputStream(spool), BUFFER));
    }

    @Override
    public void open(InitializationContext context) throws IOException {
      open(context.getTaskNumber(), context.getNumTasks());
    }

    @Override
    public void writeRecord(RowData row) throws IOException {
      serializer.serialize(row, out);
      rows++;
    }

    @Override
    public void close() throws IOException {
      try (FileChannel spooled = spool) {
        out.flush();
        spooled.position(0);
        DataInputViewStreamWrapper in =
            new DataInputViewStreamWrapper(new BufferedInputStream(Channels.newInputStream(spooled), BUFFER));
        try (FSDataOutputStream stream = path.getFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
          BulkWriter<RowData> writer = writers.create(stream);
          RowData row = serializer.createInstance();
          for (long r = 0; r < rows; r++) {
            row = serializer.deserialize(row, in);
            writer.addElement(row);
          }
          writer.flush();
          writer.finish();
        }
      }
    }
  }
}
