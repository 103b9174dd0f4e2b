package dev.engagement.pipeline.ops;

import dev.engagement.pipeline.ReportsJob;
import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.commit.JobOutput;
import dev.engagement.pipeline.commit.PipelineLock;
import dev.engagement.pipeline.commit.RunFiles;
import dev.engagement.pipeline.commit.RunTransaction;
import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.ErasedStudents;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.parquet.ParquetRecords;
import dev.engagement.pipeline.report.EngagementReport;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code erase}: a student's right to be forgotten. Under the pipeline's lock, the students join
 * the lake's erased list (every later run drops their bronze rows), then one transaction
 * ({@link RunTransaction#erase}) rewrites the files of silver, both quality tables and gold that
 * hold their rows, derives the report tables again from the new gold, and deletes at once every
 * file of those tables that held their rows, current or kept for time travel.
 */
public final class Erase {
  private static final Logger LOG = LoggerFactory.getLogger(Erase.class);
  /** The column that names a student in every table that has one (course_completion has none). */
  private static final String STUDENT_ID = "StudentID";
  private static final List<LakeTable> ROW_TABLES =
      List.of(LakeTable.SILVER, LakeTable.NULL_VIOLATIONS, LakeTable.REJECTED_ROWS, LakeTable.GOLD);

  private Erase() {}

  /**
   * What an erase did.
   *
   * @param rowsErased per table of rows (not the report tables, derived again), the rows erased from
   *     its latest version
   * @param filesPurged the files deleted that held the students' rows (older versions named them)
   * @param bronzeFiles the bronze files that still hold the students' rows (bronze belongs to its exporter)
   */
  public record Result(String eraseId, Map<LakeTable, Long> rowsErased, int filesPurged, List<String> bronzeFiles) {}

  public static Result erase(LakeLayout lake, Set<String> studentIds, Optional<Path> bronze) throws Exception {
    Set<String> ids = new HashSet<>();
    studentIds.forEach(id -> ids.add(id.trim()));
    if (ids.isEmpty() || ids.contains("")) {
      throw new IllegalArgumentException("option --student: give one or more StudentIDs, none of them blank");
    }
    String eraseId = "erase-" + LocalDateTime.now(ZoneOffset.UTC).format(
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)) + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<LakeTable, Long> erased = new EnumMap<>(LakeTable.class);
    int purged = 0;
    try (PipelineLock lock = PipelineLock.acquire(lake, eraseId, Duration.ofSeconds(120))) {
      RunTransaction.recover(lake);
      ErasedStudents.read(lake).with(ids).write(lake);
      RunTransaction transaction = RunTransaction.begin(lake, lock, eraseId);
      if (!transaction.exists(LakeTable.GOLD)) {
        throw new IllegalArgumentException("--lake " + lake.root() + " has no tables yet: nothing to erase");
      }
      transaction.markStarted();
      Map<LakeTable, RunTransaction.Erasure> erasures = new EnumMap<>(LakeTable.class);
      try {
        for (LakeTable table : ROW_TABLES) {
          erasures.put(table, rewrite(lake, transaction, table, ids, eraseId));
        }
        if (erasures.values().stream().allMatch(e -> e.purged().isEmpty())) {
          RunTransaction.abandon(lake, eraseId);
          LOG.info("Erase {}: no table holds rows of the students", eraseId);
        } else {
          erasures.putAll(reports(lake, transaction, erasures.get(LakeTable.GOLD), ids, eraseId));
          transaction.erase(erasures);
        }
      } catch (RunTransaction.CutOff e) {
        throw e;
      } catch (Exception | LinkageError e) {
        RunTransaction.abandon(lake, eraseId);
        throw e;
      }
      for (Map.Entry<LakeTable, RunTransaction.Erasure> e : erasures.entrySet()) {
        if (e.getValue().commit() == LakeTable.Commit.REWRITE) {
          erased.put(e.getKey(), e.getValue().rows());
        }
        purged += e.getValue().purged().size();
      }
    }
    rewriteReportPage(lake);
    return new Result(eraseId, erased, purged, bronze.isPresent() ? bronzeFiles(bronze.get(), ids) : List.of());
  }

  /**
   * The table's current files that hold the students' rows, rewritten without them (a file left
   * empty is only removed), and every file of the table's folder that holds their rows.
   */
  private static RunTransaction.Erasure rewrite(LakeLayout lake, RunTransaction transaction, LakeTable table,
      Set<String> ids, String eraseId) throws IOException {
    Path root = lake.table(table);
    List<DataFile> adds = new ArrayList<>();
    Set<String> replaced = new HashSet<>();
    long rows = 0;
    for (DataFile file : transaction.dataFiles(table)) {
      Path path = new Path(root, file.path());
      long held = ParquetRecords.count(path, STUDENT_ID, ids);
      if (held == 0) {
        continue;
      }
      rows += held;
      replaced.add(path.getName());
      String relative = file.path().substring(0, file.path().lastIndexOf('/') + 1)
          + RunFiles.prefix(eraseId) + "-erased-" + replaced.size() + ".parquet";
      Path target = new Path(root, relative);
      if (ParquetRecords.copy(List.of(path), target, STUDENT_ID, ids) == 0) {
        target.getFileSystem().delete(target, false);
      } else {
        FileStatus status = target.getFileSystem().getFileStatus(target);
        adds.add(new DataFile(relative, file.partitionValues(), status.getLen(), status.getModificationTime(), null));
      }
    }
    return new RunTransaction.Erasure(LakeTable.Commit.REWRITE, adds, rows, replaced, holding(root, ids, replaced));
  }

  /**
   * The report tables derived again from gold without the students (the files of
   * {@code goldErasure} in place of those it replaces); top_students' files that named them go.
   */
  private static Map<LakeTable, RunTransaction.Erasure> reports(LakeLayout lake, RunTransaction transaction,
      RunTransaction.Erasure goldErasure, Set<String> ids, String eraseId) throws Exception {
    Path gold = lake.table(LakeTable.GOLD);
    List<String> goldFiles = new ArrayList<>();
    transaction.dataFiles(LakeTable.GOLD).stream().filter(f -> !goldErasure.replaced().contains(new Path(f.path()).getName()))
        .forEach(f -> goldFiles.add(new Path(gold, f.path()).toString()));
    goldErasure.adds().forEach(f -> goldFiles.add(new Path(gold, f.path()).toString()));
    JobOutput output = ReportsJob.run(lake, goldFiles, eraseId);
    Map<LakeTable, RunTransaction.Erasure> reports = new EnumMap<>(LakeTable.class);
    for (LakeTable table : List.of(LakeTable.TOP_STUDENTS, LakeTable.COURSE_COMPLETION)) {
      RunFiles written = output.files(lake.table(table));
      reports.put(table, new RunTransaction.Erasure(LakeTable.Commit.REPLACE, written.files(), 0, Set.of(),
          holding(lake.table(table), ids, Set.of())));
    }
    return reports;
  }

  /**
   * The data files below {@code root} (relative to it) that hold rows of the students: those
   * named in {@code known}, and any other that does (older versions' files, not yet vacuumed).
   */
  private static List<String> holding(Path root, Set<String> ids, Set<String> known) throws IOException {
    List<String> files = new ArrayList<>();
    for (FileStatus file : LakeFiles.listDataFiles(root)) {
      if (known.contains(file.getPath().getName()) || ParquetRecords.count(file.getPath(), STUDENT_ID, ids) > 0) {
        files.add(LakeFiles.relativize(root, file.getPath()));
      }
    }
    return files;
  }

  /** The bronze files that hold rows of the students, for their exporter to erase. */
  private static List<String> bronzeFiles(Path bronze, Set<String> ids) throws IOException {
    List<String> files = new ArrayList<>();
    for (FileStatus file : BronzeSchema.inspect(bronze).files()) {
      if (ParquetRecords.count(file.getPath(), STUDENT_ID, ids) > 0) {
        files.add(file.getPath().toString());
      }
    }
    return files;
  }

  /** An engagement report written before the erase may name the students: it is written again. */
  private static void rewriteReportPage(LakeLayout lake) throws Exception {
    Path page = EngagementReport.defaultTarget(lake);
    FileSystem fs = page.getFileSystem();
    if (fs.exists(page)) {
      EngagementReport.write(lake, page, EngagementReport.DEFAULT_RUNS);
    }
  }
}
