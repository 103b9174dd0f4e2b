package dev.engagement.pipeline.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta's conflict rules on commit files written by hand, as Spark writes them. */
class ConcurrentCommitsTest {
  private static final Reads C001 = Reads.partitions(Set.of(Map.of("CourseID", "C001")));
  @TempDir File table;

  @Test
  void aDeleteInAPartitionTheWriteReadConflictsAndIsNamed() throws Exception {
    commit(1, info("DELETE"), remove("C001", true), add("C001", true));
    assertThatThrownBy(() -> judge(0, C001)).isInstanceOf(WriteConflict.class)
        .hasMessageContaining("version 1 (DELETE by Apache-Spark/4.2.0 Delta-Lake/4.4.0)")
        .hasMessageContaining("changed what was read at version 0")
        .hasMessageContaining("removed rows from partition {CourseID=C001}");
  }

  @Test
  void changesElsewhereAndRearrangementsDoNotConflict() throws Exception {
    commit(1, info("DELETE"), remove("C003", true));
    commit(2, info("OPTIMIZE"), remove("C001", false), add("C001", false));
    commit(3, info("WRITE"), add("C002", true));
    assertThat(judge(0, C001)).isFalse();
  }

  @Test
  void aBlindAppendConflictsOnlyWithSchemaProtocolOrAnotherRun() throws Exception {
    commit(1, info("DELETE"), remove("C001", true));
    assertThat(judge(0, Reads.nothing())).isFalse();
    commit(2, info("SET TBLPROPERTIES"), "{\"metaData\":{\"id\":\"x\"}}");
    assertThatThrownBy(() -> judge(1, Reads.nothing())).hasMessageContaining("schema, properties or protocol");
    commit(3, info("WRITE"), "{\"txn\":{\"appId\":\"P\",\"version\":8}}");
    assertThatThrownBy(() -> judge(2, Reads.nothing())).hasMessageContaining("another run of pipeline P committed run number 8");
  }

  @Test
  void theWritesOwnTransactionMeansItIsCommittedAlready() throws Exception {
    commit(1, info("DELETE"), remove("C001", true));
    commit(2, info("WRITE"), "{\"txn\":{\"appId\":\"P\",\"version\":7}}", add("C001", true));
    assertThat(judge(0, C001)).as("a replay after a crash").isTrue();
  }

  @Test
  void aNullPartitionIsAPartitionLikeAnyOther() throws Exception {
    Map<String, String> nullCourse = new HashMap<>();
    nullCourse.put("CourseID", null);
    commit(1, info("DELETE"), "{\"remove\":{\"path\":\"f\",\"dataChange\":true,\"partitionValues\":{\"CourseID\":null}}}");
    assertThatThrownBy(() -> judge(0, Reads.partitions(Set.of(nullCourse)))).isInstanceOf(WriteConflict.class);
    assertThat(judge(0, C001)).isFalse();
  }

  private boolean judge(long readVersion, Reads reads) throws Exception {
    return ConcurrentCommits.judge(new Path(table.toURI()), readVersion, 3, "P", 7, reads);
  }

  private void commit(long version, String... actions) throws Exception {
    File log = new File(table, "_delta_log");
    log.mkdirs();
    for (long v = 1; v <= 3; v++) { // versions the test does not write are empty commits
      File f = new File(log, String.format("%020d.json", v));
      if (!f.exists()) {
        Files.writeString(f.toPath(), info("WRITE") + "\n");
      }
    }
    Files.writeString(new File(log, String.format("%020d.json", version)).toPath(), String.join("\n", actions) + "\n");
  }

  private static String info(String operation) {
    return "{\"commitInfo\":{\"operation\":\"" + operation + "\",\"engineInfo\":\"Apache-Spark/4.2.0 Delta-Lake/4.4.0\"}}";
  }

  private static String add(String course, boolean dataChange) {
    return "{\"add\":{\"path\":\"CourseID=" + course + "/a.parquet\",\"dataChange\":" + dataChange
        + ",\"partitionValues\":{\"CourseID\":\"" + course + "\"}}}";
  }

  private static String remove(String course, boolean dataChange) {
    return "{\"remove\":{\"path\":\"CourseID=" + course + "/r.parquet\",\"dataChange\":" + dataChange
        + ",\"partitionValues\":{\"CourseID\":\"" + course + "\"}}}";
  }
}
