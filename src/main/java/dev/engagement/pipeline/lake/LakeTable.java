package dev.engagement.pipeline.lake;

import java.util.Optional;

/** The tables of the lake: where each lives and how a run's new rows are committed into it. */
public enum LakeTable {
  SILVER("silver/student_engagement", "LoginDate", Commit.APPEND),
  NULL_VIOLATIONS("quality/null_violations", "ErrorDate", Commit.APPEND),
  REJECTED_ROWS("quality/rejected_rows", "ErrorDate", Commit.APPEND),
  GOLD("gold/student_course_engagement", "CourseID", Commit.REPLACE_PARTITIONS),
  TOP_STUDENTS("gold/top_students", null, Commit.REPLACE),
  COURSE_COMPLETION("gold/course_completion", null, Commit.REPLACE);

  /** How an incremental run commits; a full run replaces every table. */
  public enum Commit {
    /** New files are added to their partitions. */
    APPEND,
    /** Each partition the run wrote replaces the committed one; the others stay. */
    REPLACE_PARTITIONS,
    /** The whole table is replaced. */
    REPLACE,
    /** A rollback: the table as it was at an older version (Delta's RESTORE). */
    RESTORE,
    /** An erase: the files named are replaced by the commit's, without the erased rows (Delta's DELETE). */
    REWRITE
  }

  private final String path;
  private final String partitionKey;
  private final Commit incrementalCommit;

  LakeTable(String path, String partitionKey, Commit incrementalCommit) {
    this.path = path;
    this.partitionKey = partitionKey;
    this.incrementalCommit = incrementalCommit;
  }

  /** The folder below the lake root, e.g. {@code gold/student_course_engagement}. */
  public String path() {
    return path;
  }

  public Optional<String> partitionKey() {
    return Optional.ofNullable(partitionKey);
  }

  public Commit incrementalCommit() {
    return incrementalCommit;
  }
}
