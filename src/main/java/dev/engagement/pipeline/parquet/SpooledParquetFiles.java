package dev.engagement.pipeline.parquet;

import dev.engagement.pipeline.fs.BufferedOutput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.flink.api.common.io.OutputFormat;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.table.OutputFormatFactory;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/**
 * The parquet file of each partition a sink subtask writes, spooled: while rows arrive, each
 * partition serializes its rows into a small buffer, and every full buffer is appended to one
 * local spool file that all partitions of the subtask share; at close, each partition reads its
 * chunks back and becomes one parquet file, one partition at a time. A parquet writer keeps its
 * whole row group (pages and dictionaries, some hundreds of bytes a row) on the heap until it
 * closes, so one writer per open partition does not fit the heap at scale. One spool per subtask,
 * not per partition: creating and deleting a file for each of a thousand partitions cost seconds
 * of inode allocation on this machine's file system (docs/performance.md).
 */
final class SpooledParquetFiles implements OutputFormatFactory<RowData> {
  private static final long serialVersionUID = 1L;
  /** A partition's buffer is appended to the spool once it holds this much. */
  private static final int CHUNK = 28 * 1024;

  private final BulkWriter.Factory<RowData> writers;
  private final RowType columns;
  private transient FileChannel spool;
  private transient long spoolLength;
  private transient int openPartitions;

  SpooledParquetFiles(BulkWriter.Factory<RowData> writers, RowType columns) {
    this.writers = writers;
    this.columns = columns;
  }

  @Override
  public OutputFormat<RowData> createOutputFormat(Path path) {
    return new SpooledFile(path);
  }

  /** The subtask's spool, created with its first partition; unlinked at once, so nothing is left behind when the task fails or the process dies. */
  private void openPartition() throws IOException {
    if (openPartitions++ == 0) {
      java.nio.file.Path file = Files.createTempFile("lake-parquet-", ".spool");
      spool = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Files.delete(file);
      spoolLength = 0;
    }
  }

  private void closePartition() throws IOException {
    if (--openPartitions == 0) {
      spool.close();
      spool = null;
    }
  }

  /** Appends {@code length} bytes to the spool; returns where they start. */
  private long append(byte[] bytes, int length) throws IOException {
    long start = spoolLength;
    ByteBuffer chunk = ByteBuffer.wrap(bytes, 0, length);
    while (chunk.hasRemaining()) {
      spoolLength += spool.write(chunk, spoolLength);
    }
    return start;
  }

  private byte[] read(long start, int length) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(length);
    while (chunk.hasRemaining()) {
      if (spool.read(chunk, start + chunk.position()) < 0) {
        throw new EOFException("spool ends before " + (start + length));
      }
    }
    return chunk.array();
  }

  /** One partition's rows on their way to its parquet file at {@code path}. */
  private final class SpooledFile implements OutputFormat<RowData>, WrittenFile.Reporter {
    private static final long serialVersionUID = 1L;
    private final Path path;
    private transient RowDataSerializer serializer;
    private transient DataOutputSerializer buffer;
    /** Start and length of each chunk of this partition in the spool, in order. */
    private transient long[] chunks;
    private transient int chunkCount;
    private transient long rows;
    private transient WrittenFile written;

    SpooledFile(Path path) {
      this.path = path;
    }

    @Override
    public void configure(Configuration parameters) {}

    /** Flink 1.x opens through this one. */
    public void open(int taskNumber, int numTasks) throws IOException {
      serializer = new RowDataSerializer(columns);
      buffer = new DataOutputSerializer(CHUNK + CHUNK / 8);
      chunks = new long[8];
      openPartition();
    }

    @Override
    public void open(InitializationContext context) throws IOException {
      open(context.getTaskNumber(), context.getNumTasks());
    }

    @Override
    public WrittenFile written() {
      return written;
    }

    @Override
    public void writeRecord(RowData row) throws IOException {
      rows++;
      serializer.serialize(row, buffer);
      if (buffer.length() >= CHUNK) {
        if (chunkCount * 2 == chunks.length) {
          chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        chunks[chunkCount * 2] = append(buffer.getSharedBuffer(), buffer.length());
        chunks[chunkCount * 2 + 1] = buffer.length();
        chunkCount++;
        buffer.clear();
      }
    }

    @Override
    public void close() throws IOException {
      FooterCapture stream = new FooterCapture(BufferedOutput.createDataFile(path));
      try (stream) {
        BulkWriter<RowData> writer = writers.create(stream);
        RowData row = serializer.createInstance();
        DataInputDeserializer in = new DataInputDeserializer();
        for (int c = 0; c < chunkCount; c++) {
          int length = (int) chunks[c * 2 + 1];
          in.setBuffer(read(chunks[c * 2], length), 0, length);
          row = addAll(in, row, writer);
        }
        in.setBuffer(buffer.getSharedBuffer(), 0, buffer.length());
        addAll(in, row, writer);
        writer.flush();
        writer.finish(); // the footer is in the stream now; it reaches the file as the stream closes
        written = new WrittenFile(path.toString(), stream.getPos(), System.currentTimeMillis(), rows, stream.footer());
      } catch (IOException | RuntimeException e) {
        written = null;
        throw e;
      } finally {
        buffer = null;
        closePartition();
      }
    }

    private RowData addAll(DataInputDeserializer in, RowData reuse, BulkWriter<RowData> writer) throws IOException {
      RowData row = reuse;
      while (in.available() > 0) {
        row = serializer.deserialize(row, in);
        writer.addElement(row);
      }
      return row;
    }
  }
}
