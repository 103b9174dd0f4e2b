package dev.engagement.pipeline.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/** Reads parquet footers (schema, row counts) without reading any data pages. */
public final class ParquetFooters {
  private ParquetFooters() {}

  /**
   * The footer of one file. A file that is not parquet (too short, no magic number, a footer
   * that does not parse) is bad input: an IllegalArgumentException naming the file; a failure to
   * read it is an IOException naming the file.
   */
  public static ParquetMetadata read(FileSystem fs, FileStatus file) throws IOException {
    if (file.getLen() < 12) {
      throw new IllegalArgumentException(file.getPath() + " is not a parquet file (" + file.getLen() + " bytes)");
    }
    try (ParquetFileReader reader =
        ParquetFileReader.open(new FlinkInputFile(fs, file), ParquetReadOptions.builder().build())) {
      return reader.getFooter();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file.getPath() + " is not a readable parquet file: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException(file.getPath() + " is not a readable parquet file (cut off): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IOException("could not read " + file.getPath() + ": " + e.getMessage(), e);
    }
  }

  /** A footer's bytes (thrift {@code FileMetaData}, as {@link WrittenFile} keeps them) of {@code file}. */
  public static ParquetMetadata parse(byte[] footer, Object file) throws IOException {
    try {
      return new ParquetMetadataConverter().readParquetMetadata(new ByteArrayInputStream(footer),
          ParquetMetadataConverter.NO_FILTER);
    } catch (IOException | RuntimeException e) {
      throw new IOException("unreadable parquet footer of " + file + ": " + e.getMessage(), e);
    }
  }

  public static long rowCount(ParquetMetadata footer) {
    return footer.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
  }
}
