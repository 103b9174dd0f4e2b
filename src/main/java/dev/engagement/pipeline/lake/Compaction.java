package dev.engagement.pipeline.lake;

import dev.engagement.pipeline.commit.CrashPoints;
import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.delta.Reads;
import dev.engagement.pipeline.delta.WriteConflict;
import dev.engagement.pipeline.fs.ParallelFiles;
import dev.engagement.pipeline.parquet.ParquetRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta's OPTIMIZE for one table of the lake: each partition's small files are rewritten into
 * files near the target size, in one commit with {@code dataChange = false} (readers and time
 * travel see the same rows; the replaced files are kept for time travel, then vacuumed).
 *
 * <p>It is an optimistic writer, like a run: it takes no lock, reads the table at a version and
 * commits on whatever is latest. A commit by another writer that removed one of the files it
 * rewrote (a run replacing a gold partition, a DELETE) conflicts: its files are deleted and the
 * table is planned again from the new version, up to {@link #ATTEMPTS} times. Any other change
 * (an append, a change elsewhere) is committed over: the run never loses its rows, and
 * compaction never loses a run's.
 */
public final class Compaction {
  private static final Logger LOG = LoggerFactory.getLogger(Compaction.class);
  /** Files near this size are left alone; smaller ones are packed into files up to it. */
  public static final long DEFAULT_TARGET_BYTES = 128L << 20;
  static final int ATTEMPTS = 3;

  private Compaction() {}

  /** Files of one partition (and one parquet schema) rewritten into one. */
  record Bin(Map<String, String> partition, List<DataFile> files) {
    long bytes() {
      return files.stream().mapToLong(DataFile::size).sum();
    }
  }

  /**
   * What the table's compaction rewrites: per partition, the files below three quarters of
   * {@code targetBytes}, smallest first, packed into bins up to {@code targetBytes}; a bin of one
   * file is left alone (a partition of one small file has nothing to gain).
   */
  static List<Bin> plan(List<DataFile> files, long targetBytes) {
    Map<Map<String, String>, List<DataFile>> small = new LinkedHashMap<>();
    files.stream().filter(f -> isSmall(f, targetBytes))
        .sorted(Comparator.comparingLong(DataFile::size).thenComparing(DataFile::path))
        .forEach(f -> small.computeIfAbsent(f.partitionValues(), p -> new ArrayList<>()).add(f));
    List<Bin> bins = new ArrayList<>();
    small.forEach((partition, candidates) -> {
      List<DataFile> bin = new ArrayList<>();
      long bytes = 0;
      for (DataFile file : candidates) {
        if (!bin.isEmpty() && bytes + file.size() > targetBytes) {
          bins.add(new Bin(partition, bin));
          bin = new ArrayList<>();
          bytes = 0;
        }
        bin.add(file);
        bytes += file.size();
      }
      bins.add(new Bin(partition, bin));
    });
    bins.removeIf(b -> b.files().size() < 2);
    return bins;
  }

  /**
   * Auto compaction after a run: compacts the table (to the default target) once it has
   * {@code minSmallFiles} small files or more.
   */
  public static Result compactIfMany(LakeLayout lake, LakeTable table, int minSmallFiles, String runId)
      throws IOException {
    List<DataFile> files = new DeltaTable(lake.table(table)).files();
    long small = files.stream().filter(f -> isSmall(f, DEFAULT_TARGET_BYTES)).count();
    return small >= minSmallFiles ? compact(lake, table, DEFAULT_TARGET_BYTES, runId, true)
        : new Result(table, files.size(), 0, 0);
  }

  private static boolean isSmall(DataFile file, long targetBytes) {
    return file.size() < targetBytes / 4 * 3;
  }

  /** What a table's compaction did: its files before, and the files it replaced and wrote. */
  public record Result(LakeTable table, int filesBefore, int filesRemoved, int filesAdded) {
    public int filesAfter() {
      return filesBefore - filesRemoved + filesAdded;
    }
  }

  /**
   * Compacts {@code table}'s small files; {@code id} names the files it writes
   * ({@code part-<id>-compacted-<n>.parquet}) and the commit ({@code auto}: after a run).
   */
  public static Result compact(LakeLayout lake, LakeTable table, long targetBytes, String id, boolean auto)
      throws IOException {
    DeltaTable delta = new DeltaTable(lake.table(table));
    for (int attempt = 1; ; attempt++) {
      long read = delta.version();
      List<DataFile> files = read < 0 ? List.of() : delta.files(read);
      List<Bin> bins = plan(files, targetBytes);
      if (bins.isEmpty()) {
        return new Result(table, files.size(), 0, 0);
      }
      List<DataFile> written = new ArrayList<>();
      Set<String> replaced = new HashSet<>();
      try {
        for (Bin bin : bins) {
          DataFile compacted = rewrite(delta, bin, "part-" + id + "-compacted-" + attempt + "-" + written.size());
          if (compacted != null) {
            written.add(compacted);
            bin.files().forEach(f -> replaced.add(name(f)));
          }
        }
        CrashPoints.reached("before-compaction-commit");
        delta.commit(new DeltaTable.Write(null, 0, read, Reads.files(replaced), written,
            f -> replaced.contains(name(f)), false, new DeltaTable.CommitInfo("OPTIMIZE", Map.of(
                "predicate", "[]", "zOrderBy", "[]", "auto", Boolean.toString(auto),
                "targetFileSize", Long.toString(targetBytes)), Map.of())));
        LOG.info("{}: compacted {} files into {}", delta.root(), replaced.size(), written.size());
        return new Result(table, files.size(), replaced.size(), written.size());
      } catch (WriteConflict e) {
        delete(delta, written);
        if (attempt == ATTEMPTS) {
          throw e;
        }
        LOG.info("{}: another writer rewrote files the compaction read; planning it again: {}", delta.root(),
            e.getMessage());
      } catch (IOException | RuntimeException e) {
        delete(delta, written);
        throw e;
      }
    }
  }

  /**
   * Writes the bin's rows into one file beside them; null when its files are of different
   * parquet schemas (written by different writers), which are left alone.
   */
  private static DataFile rewrite(DeltaTable delta, Bin bin, String name) throws IOException {
    String first = bin.files().get(0).path();
    String relative = first.substring(0, first.lastIndexOf('/') + 1) + name + ".parquet";
    Path target = new Path(delta.root(), relative);
    try {
      ParquetRecords.copy(bin.files().stream().map(delta::absolute).toList(), target);
    } catch (IllegalArgumentException e) {
      target.getFileSystem().delete(target, false);
      LOG.warn("{}: left {} files of partition {} alone: {}", delta.root(), bin.files().size(), bin.partition(),
          e.getMessage());
      return null;
    }
    FileStatus status = target.getFileSystem().getFileStatus(target);
    return new DataFile(relative, bin.partition(), status.getLen(), status.getModificationTime(), null);
  }

  private static void delete(DeltaTable delta, List<DataFile> written) throws IOException {
    FileSystem fs = delta.root().getFileSystem();
    ParallelFiles.forEach(written, f -> fs.delete(delta.absolute(f), false));
  }

  private static String name(DataFile file) {
    return new Path(file.path()).getName();
  }
}
