package dev.engagement.pipeline.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.parquet.ParquetFooters;
import dev.engagement.pipeline.testing.FixtureWriter;
import java.io.File;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which bronze files an incremental run may skip, from their footers' statistics alone. */
class LastModifiedBoundTest {
  @TempDir File dir;

  @Test
  void plainTimestampsBoundTheFileAtTheirLargest() throws Exception {
    assertThat(bound("a", "2025-03-01 10:00:00", "2025-03-02 08:30:15", null, "2025-02-30 10:00:00", "1999-x"))
        .contains(LocalDateTime.parse("2025-03-02T08:30:15"));
    // A longer largest value may have a fraction; any fraction stays below the next second.
    assertThat(bound("b", "2025-03-02 08:30:15.5")).contains(LocalDateTime.parse("2025-03-02T08:30:15.999999999"));
    assertThat(bound("c", null, null)).as("only NULLs: nothing can be newer").contains(LocalDateTime.MIN);
  }

  @Test
  void valuesTheStatisticsCannotOrderLeaveTheFileToBeRead() throws Exception {
    // A leading space sorts before every digit, yet PARSE_TIMESTAMP trims it and accepts the value.
    assertThat(bound("space", "2025-03-01 10:00:00", " 2026-01-01 00:00:00")).isEmpty();
    // The largest value's first 19 characters are not a valid timestamp.
    assertThat(bound("invalid", "2025-03-01 10:00:00", "2025-13-01 00:00:00")).isEmpty();
    assertThat(bound("short", "2025-03-01 10:00:00", "2025-12")).isEmpty();
    assertThat(bound("letters", "2025-03-01 10:00:00", "n/a")).isEmpty();
  }

  @Test
  void anIncrementalRunReadsOnlyFilesThatMayHoldNewerRows() throws Exception {
    write("old", "2025-03-01 10:00:00", "2025-03-01 12:00:00");
    write("straddles", "2025-03-01 10:00:00", "2025-03-01 12:00:00.001");
    write("new", "2025-03-02 00:00:00");
    write("unordered", " 2025-01-01 00:00:00");
    BronzeSchema bronze = BronzeSchema.inspect(new Path(dir.toURI()));

    List<String> read = bronze.filesNewerThan(LocalDateTime.parse("2025-03-01T12:00:00")).stream()
        .map(f -> f.getPath().getName()).toList();

    assertThat(read).containsExactlyInAnyOrder("straddles.parquet", "new.parquet", "unordered.parquet");
    assertThat(bronze.filesNewerThan(LocalDateTime.MIN)).hasSize(4);
  }

  private Optional<LocalDateTime> bound(String name, String... lastModified) throws Exception {
    File file = write(name, lastModified);
    FileSystem fs = FileSystem.getLocalFileSystem();
    FileStatus status = fs.getFileStatus(new Path(file.toURI()));
    return LastModifiedBound.of(ParquetFooters.read(fs, status));
  }

  /** A bronze file whose rows carry these LastModifiedDate values. */
  private File write(String name, String... lastModified) throws Exception {
    Map<String, String> schema = new LinkedHashMap<>();
    BronzeColumns.REQUIRED.forEach(c -> schema.put(c, "string"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String value : Arrays.asList(lastModified)) {
      Map<String, Object> row = new HashMap<>();
      BronzeColumns.REQUIRED.forEach(c -> row.put(c, "x"));
      row.put("LastModifiedDate", value);
      rows.add(row);
    }
    File source = new File(dir, "_src/" + name + ".json");
    source.getParentFile().mkdirs();
    new ObjectMapper().writeValue(source, Map.of("schema", schema, "rows", rows));
    File target = new File(dir, name + ".parquet");
    FixtureWriter.write(source, target);
    return target;
  }
}
