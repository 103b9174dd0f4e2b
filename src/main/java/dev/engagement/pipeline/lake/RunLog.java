package dev.engagement.pipeline.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.parquet.ParquetRecords;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.schema.MessageType;

/**
 * The lake's operations tables, under {@code <lake>/_pipeline/}: {@code run_log/} (one row per
 * run, partitioned by RunDate) and {@code errors/} (the design's error records, partitioned by
 * ErrorDate). Each run appends its own file to each.
 */
public final class RunLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final MessageType RUN_SCHEMA = ParquetRecords.Schema.named("run_log")
      .string("RunId").string("PipelineName").string("Mode")
      .timestamp("StartTime").timestamp("EndTime").string("Status")
      .string("WatermarkBefore").string("WatermarkAfter")
      .int64("BronzeRows").int64("SilverRows").int64("NullViolationRows").int64("RejectedRows")
      .int64("GoldRowsTouched").string("ErrorCounts").int64("PartitionsDeleted").string("Message")
      .int64("ErasedRows").int64("FilesCompacted")
      .build();

  public static final MessageType ERROR_SCHEMA = ParquetRecords.Schema.named("errors")
      .timestamp("Timestamp").string("ErrorCode").string("ErrorMessage")
      .string("PipelineName").string("ActivityName").string("RunId")
      .build();

  /** One run, as the run log keeps it. */
  public record Run(
      String runId,
      String pipelineName,
      String mode,
      LocalDateTime startTime,
      LocalDateTime endTime,
      String status,
      String watermarkBefore,
      String watermarkAfter,
      Map<String, Long> rows,
      Map<String, Long> errorCounts,
      long partitionsDeleted,
      long filesCompacted,
      String message) {}

  /** An error record: what went wrong, in which stage (activity) of which run. */
  public record Error(LocalDateTime timestamp, String code, String message, String activity) {}

  private RunLog() {}

  public static Path runLog(LakeLayout lake) {
    return lake.runLog();
  }

  public static Path errors(LakeLayout lake) {
    return lake.errors();
  }

  public static void write(LakeLayout lake, Run run, List<Error> errors) throws IOException {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("RunId", run.runId());
    row.put("PipelineName", run.pipelineName());
    row.put("Mode", run.mode());
    row.put("StartTime", run.startTime());
    row.put("EndTime", run.endTime());
    row.put("Status", run.status());
    row.put("WatermarkBefore", run.watermarkBefore());
    row.put("WatermarkAfter", run.watermarkAfter());
    row.put("BronzeRows", run.rows().get("bronze"));
    row.put("SilverRows", run.rows().get(LakeTable.SILVER.path()));
    row.put("NullViolationRows", run.rows().get(LakeTable.NULL_VIOLATIONS.path()));
    row.put("RejectedRows", run.rows().get(LakeTable.REJECTED_ROWS.path()));
    row.put("GoldRowsTouched", run.rows().get(LakeTable.GOLD.path()));
    row.put("ErrorCounts", json(run.errorCounts()));
    row.put("PartitionsDeleted", run.partitionsDeleted());
    row.put("Message", run.message());
    row.put("ErasedRows", run.rows().get("erased"));
    row.put("FilesCompacted", run.filesCompacted());
    ParquetRecords.write(file(runLog(lake), "RunDate", run.startTime(), run.runId()), RUN_SCHEMA, List.of(row));
    if (!errors.isEmpty()) {
      List<Map<String, Object>> rows = errors.stream().map(e -> {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Timestamp", e.timestamp());
        r.put("ErrorCode", e.code());
        r.put("ErrorMessage", e.message());
        r.put("PipelineName", run.pipelineName());
        r.put("ActivityName", e.activity());
        r.put("RunId", run.runId());
        return r;
      }).toList();
      ParquetRecords.write(file(errors(lake), "ErrorDate", run.startTime(), run.runId()), ERROR_SCHEMA, rows);
    }
  }

  private static Path file(Path table, String partitionKey, LocalDateTime time, String runId) {
    return new Path(new Path(table, partitionKey + "=" + time.toLocalDate()), runId + ".parquet");
  }

  private static String json(Map<String, Long> counts) {
    try {
      return JSON.writeValueAsString(counts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
