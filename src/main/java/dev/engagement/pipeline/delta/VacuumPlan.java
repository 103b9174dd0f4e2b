package dev.engagement.pipeline.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.fs.LakeFiles;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta's VACUUM rule for one table: a data file is deleted once no version of the last
 * {@code keep} needs it. Every such version has the latest version's files, or files that a
 * commit since removed; so a file is kept when the latest version has it or a commit of the
 * window removed it (its tombstone is younger than {@code keep}), however old the file itself is
 * (a rollback adds old files back, a later run may remove them again). Any other file goes once
 * its modification time is older than {@code keep}: a file whose last removal is older (it was
 * written before that), or that no commit names (a run that died before committing; young, it
 * may belong to a run still writing). The commits of the window are the log's JSON commit files
 * written since the cutoff: their time is the commit's timestamp, as Delta's time travel takes it.
 * One listing of the table's folders and of its log, and a read of the window's commits: no
 * snapshot of an older version.
 */
final class VacuumPlan {
  private static final Logger LOG = LoggerFactory.getLogger(VacuumPlan.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Duration keep;
  private final long cutoff;

  VacuumPlan(Path root, Duration keep) {
    this.root = root;
    this.keep = keep;
    this.cutoff = System.currentTimeMillis() - keep.toMillis();
  }

  /**
   * Deletes the files no version of the window needs, given the latest version's ({@code live},
   * paths relative to the table) and how long the log keeps commits; returns how many.
   */
  int deleteUnneeded(Set<String> live, Duration logRetention) throws IOException {
    if (keep.compareTo(logRetention) > 0) {
      LOG.warn("{}: --keep-versions-days is {} days, but the log keeps commits {} days (delta.logRetentionDuration):"
          + " versions older than {} days cannot be read or rolled back to, and files removed before then are"
          + " kept only by their age", root, keep.toDays(), logRetention.toDays(), logRetention.toDays());
    }
    FileSystem fs = root.getFileSystem();
    Set<String> needed = new HashSet<>(live);
    needed.addAll(removedWithinWindow(fs));
    int deleted = 0;
    for (FileStatus file : LakeFiles.listDataFiles(root)) {
      if (!needed.contains(LakeFiles.relativize(root, file.getPath())) && file.getModificationTime() < cutoff) {
        fs.delete(file.getPath(), false);
        deleted++;
      }
    }
    if (deleted > 0) {
      LOG.info("{}: vacuum deleted {} files no version of the last {} days needs", root, deleted, keep.toDays());
    }
    return deleted;
  }

  /**
   * The files that commits of the window removed; on the way, deletes the log's temporary files
   * older than the window (of writers that stopped before moving them into place).
   */
  private Set<String> removedWithinWindow(FileSystem fs) throws IOException {
    Set<String> removed = new HashSet<>();
    for (FileStatus file : fs.listStatus(new Path(root, "_delta_log"))) {
      String name = file.getPath().getName();
      if (file.getModificationTime() < cutoff) {
        if (AtomicLogFile.isTemporary(name)) {
          fs.delete(file.getPath(), false);
        }
      } else if (name.matches("\\d{20}\\.json")) {
        for (String line : LakeFiles.readString(file.getPath()).split("\n")) {
          JsonNode remove = line.isBlank() ? null : JSON.readTree(line).get("remove");
          if (remove != null) {
            removed.add(relative(remove.get("path").asText()));
          }
        }
      }
    }
    return removed;
  }

  /** A path of the log (URI-encoded, relative to the table unless absolute) as relative to the table, decoded. */
  private String relative(String logPath) {
    URI uri = URI.create(logPath);
    if (!uri.isAbsolute()) {
      return uri.getPath();
    }
    String prefix = root.toUri().getPath() + "/";
    return uri.getPath().startsWith(prefix) ? uri.getPath().substring(prefix.length()) : logPath;
  }
}
