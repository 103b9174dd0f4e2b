package dev.engagement.pipeline.bronze;

import dev.engagement.pipeline.parquet.FlinkInputFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads bronze parquet files as rows of the bronze columns, matched by name in any case. Files
 * Flink's vectorized reader decodes go to it (column batches, no object per value); the others
 * (DELTA_* or BYTE_STREAM_SPLIT encodings, as the footers say: {@link BronzeSchema}) to
 * parquet-mr's record reader, which decodes every encoding, at the cost of a converter call per
 * value and a row object per row. Both give the same values for the same parquet types.
 */
final class BronzeFormat implements BulkFormat<RowData, FileSourceSplit> {
  private static final int BATCH_SIZE = 2048;

  private final RowType rowType;
  private final TypeInformation<RowData> producedType;
  private final Set<String> recordReaderFiles;
  private final ParquetColumnarRowInputFormat<FileSourceSplit> vectorized;

  /** {@code recordReaderFiles}: the paths (no scheme or authority) of the files to read record by record. */
  BronzeFormat(RowType rowType, TypeInformation<RowData> producedType, Set<String> recordReaderFiles) {
    this.rowType = rowType;
    this.producedType = producedType;
    this.recordReaderFiles = recordReaderFiles;
    // Timestamps are wall-clock values (utc); names match in any case (not case-sensitive).
    this.vectorized = new ParquetColumnarRowInputFormat<>(
        new org.apache.hadoop.conf.Configuration(), rowType, producedType, BATCH_SIZE, true, false);
  }

  @Override
  public Reader<RowData> createReader(Configuration config, FileSourceSplit split) throws IOException {
    return readsRecords(split) ? new RecordReader(split, rowType, 0) : vectorized.createReader(config, split);
  }

  @Override
  public Reader<RowData> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
    long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
    return readsRecords(split) ? new RecordReader(split, rowType, skip) : vectorized.restoreReader(config, split);
  }

  private boolean readsRecords(FileSourceSplit split) {
    return recordReaderFiles.contains(split.path().toUri().getPath());
  }

  @Override
  public boolean isSplittable() {
    return true;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return producedType;
  }

  /** parquet-mr's record reader over one split (the row groups whose middle lies in it). */
  private static final class RecordReader implements BulkFormat.Reader<RowData> {
    private final ParquetReader<RowData> reader;
    private long position;

    RecordReader(FileSourceSplit split, RowType rowType, long skip) throws IOException {
      Path path = split.path();
      reader = new Builder(new FlinkInputFile(path.getFileSystem(), path, split.fileSize()), rowType)
          .withFileRange(split.offset(), split.offset() + split.length())
          .build();
      for (; position < skip && reader.read() != null; position++) {
        // skips what was emitted before a restore
      }
    }

    @Override
    public RecordIterator<RowData> readBatch() throws IOException {
      List<RowData> rows = new ArrayList<>(BATCH_SIZE);
      for (RowData row; rows.size() < BATCH_SIZE && (row = reader.read()) != null; ) {
        rows.add(row);
      }
      if (rows.isEmpty()) {
        return null;
      }
      IteratorResultIterator<RowData> batch =
          new IteratorResultIterator<>(rows.iterator(), CheckpointedPosition.NO_OFFSET, position);
      position += rows.size();
      return batch;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  private static final class Builder extends ParquetReader.Builder<RowData> {
    private final RowType rowType;

    Builder(FlinkInputFile file, RowType rowType) {
      super(file);
      this.rowType = rowType;
    }

    @Override
    protected ReadSupport<RowData> getReadSupport() {
      return new RowReadSupport(rowType);
    }
  }

  /** Reads only the bronze columns, found in the file by name in any case, into GenericRowData. */
  private static final class RowReadSupport extends ReadSupport<RowData> {
    private final RowType rowType;

    RowReadSupport(RowType rowType) {
      this.rowType = rowType;
    }

    @Override
    public ReadContext init(InitContext context) {
      Map<String, Type> fields = BronzeColumns.byName(context.getFileSchema(), "");
      List<Type> columns = rowType.getFieldNames().stream().map(n -> fields.get(BronzeColumns.key(n))).toList();
      return new ReadContext(new MessageType("bronze", columns));
    }

    @Override
    public RecordMaterializer<RowData> prepareForRead(org.apache.hadoop.conf.Configuration conf,
        Map<String, String> metadata, MessageType fileSchema, ReadContext context) {
      return new RowMaterializer(context.getRequestedSchema(), rowType);
    }
  }

  private static final class RowMaterializer extends RecordMaterializer<RowData> {
    private final Converter[] columns;
    private final GroupConverter root;
    private GenericRowData row;

    RowMaterializer(MessageType schema, RowType rowType) {
      columns = new Converter[rowType.getFieldCount()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = converter(schema.getType(i).asPrimitiveType(), rowType.getTypeAt(i), i);
      }
      root = new GroupConverter() {
        @Override
        public Converter getConverter(int field) {
          return columns[field];
        }

        @Override
        public void start() {
          row = new GenericRowData(columns.length);
        }

        @Override
        public void end() {}
      };
    }

    @Override
    public RowData getCurrentRecord() {
      return row;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }

    /**
     * Parquet values as Flink's vectorized reader gives them for the type BronzeSchema chose:
     * strings as their bytes (invalid UTF-8 kept), timestamps as wall-clock values.
     */
    private PrimitiveConverter converter(PrimitiveType physical, LogicalType type, int pos) {
      return switch (type.getTypeRoot()) {
        case VARCHAR -> new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {
            row.setField(pos, StringData.fromBytes(value.getBytes()));
          }
        };
        case DECIMAL -> {
          DecimalType decimal = (DecimalType) type;
          int precision = decimal.getPrecision();
          int scale = decimal.getScale();
          yield new PrimitiveConverter() {
            @Override
            public void addInt(int value) {
              addLong(value);
            }

            @Override
            public void addLong(long value) {
              row.setField(pos, DecimalData.fromUnscaledLong(value, precision, scale));
            }

            @Override
            public void addBinary(Binary value) {
              row.setField(pos, DecimalData.fromUnscaledBytes(value.getBytes(), precision, scale));
            }
          };
        }
        case TIMESTAMP_WITHOUT_TIME_ZONE -> new PrimitiveConverter() {
          @Override
          public void addLong(long value) {
            row.setField(pos, timestamp(physical, value));
          }

          @Override
          public void addBinary(Binary int96) {
            // INT96: nanoseconds of the day, then the Julian day, little-endian.
            java.nio.ByteBuffer buf = int96.toByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = buf.getLong();
            long epochDay = buf.getInt() - 2_440_588L;
            row.setField(pos, TimestampData.fromEpochMillis(
                epochDay * 86_400_000L + nanosOfDay / 1_000_000, (int) (nanosOfDay % 1_000_000)));
          }
        };
        default -> new PrimitiveConverter() { // INT, BIGINT, FLOAT, DOUBLE: the value as it is
          @Override
          public void addInt(int value) {
            row.setField(pos, value);
          }

          @Override
          public void addLong(long value) {
            row.setField(pos, value);
          }

          @Override
          public void addFloat(float value) {
            row.setField(pos, value);
          }

          @Override
          public void addDouble(double value) {
            row.setField(pos, value);
          }
        };
      };
    }

    private static TimestampData timestamp(PrimitiveType physical, long value) {
      long perMilli = switch (((TimestampLogicalTypeAnnotation) physical.getLogicalTypeAnnotation()).getUnit()) {
        case MILLIS -> 1;
        case MICROS -> 1_000;
        case NANOS -> 1_000_000;
      };
      return TimestampData.fromEpochMillis(
          Math.floorDiv(value, perMilli), (int) (Math.floorMod(value, perMilli) * (1_000_000 / perMilli)));
    }
  }
}
