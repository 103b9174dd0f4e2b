package dev.engagement.pipeline.delta;

import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * A Flink table's columns as a Delta schema. Flink's TIMESTAMP (a wall-clock value, written to
 * parquet as INT64 milliseconds) becomes Delta's {@code timestamp}, read as that instant in UTC:
 * {@code timestamp_ntz} would need reader version 3, which Synapse serverless cannot read
 * (docs/lake.md, "Timestamps").
 */
public final class DeltaSchemas {
  private DeltaSchemas() {}

  public static StructType of(ResolvedSchema schema) {
    StructType struct = new StructType();
    for (Column column : schema.getColumns()) {
      LogicalType type = column.getDataType().getLogicalType();
      struct = struct.add(column.getName(), type(type), true); // readers need no NOT NULL of the lake
    }
    return struct;
  }

  private static DataType type(LogicalType type) {
    return switch (type.getTypeRoot()) {
      case CHAR, VARCHAR -> StringType.STRING;
      case BOOLEAN -> BooleanType.BOOLEAN;
      case INTEGER -> IntegerType.INTEGER;
      case BIGINT -> LongType.LONG;
      case DOUBLE -> DoubleType.DOUBLE;
      case DECIMAL -> {
        org.apache.flink.table.types.logical.DecimalType d = (org.apache.flink.table.types.logical.DecimalType) type;
        yield new DecimalType(d.getPrecision(), d.getScale());
      }
      case DATE -> DateType.DATE;
      case TIMESTAMP_WITHOUT_TIME_ZONE -> TimestampType.TIMESTAMP;
      default -> throw new IllegalArgumentException("no Delta type for the lake's column type " + type);
    };
  }
}
