package dev.engagement.pipeline.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Small file operations on any Flink file system, with the conventions Flink readers use. */
public final class LakeFiles {
  private LakeFiles() {}

  /** Hidden like Flink's file source sees it: names starting with '.' or '_'. */
  public static boolean isHidden(Path path) {
    String name = path.getName();
    return name.startsWith(".") || name.startsWith("_");
  }

  /** Every visible data file below {@code dir}, recursively, sorted by path; none if missing. */
  public static List<FileStatus> listDataFiles(Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem();
    List<FileStatus> files = new ArrayList<>();
    if (fs.exists(dir)) {
      collect(fs, dir, files);
    }
    files.sort(Comparator.comparing(f -> f.getPath().toString()));
    return files;
  }

  private static void collect(FileSystem fs, Path dir, List<FileStatus> out) throws IOException {
    FileStatus[] children = fs.listStatus(dir);
    if (children == null) {
      return;
    }
    for (FileStatus child : children) {
      if (isHidden(child.getPath())) {
        continue;
      }
      if (child.isDir()) {
        collect(fs, child.getPath(), out);
      } else {
        out.add(child);
      }
    }
  }

  /** Deletes {@code dir} if it exists and holds nothing. */
  public static void deleteIfEmpty(Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem();
    if (fs.exists(dir)) {
      FileStatus[] children = fs.listStatus(dir);
      if (children == null || children.length == 0) {
        fs.delete(dir, false);
      }
    }
  }

  /** Direct sub-folders of {@code dir} that are not hidden; none if it is missing. */
  public static List<Path> listDirs(Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem();
    List<Path> dirs = new ArrayList<>();
    if (!fs.exists(dir)) {
      return dirs;
    }
    for (FileStatus child : fs.listStatus(dir)) {
      if (child.isDir() && !isHidden(child.getPath())) {
        dirs.add(child.getPath());
      }
    }
    dirs.sort(Comparator.comparing(Path::toString));
    return dirs;
  }

  public static String readString(Path file) throws IOException {
    try (InputStream in = file.getFileSystem().open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads a file written by {@link #writeStringAtomically}, or null if there is none. A crash in
   * the middle of a replacement leaves the previous content as {@code .<name>.old}: read that.
   */
  public static String readAtomicallyWritten(Path file) throws IOException {
    FileSystem fs = file.getFileSystem();
    if (fs.exists(file)) {
      return readString(file);
    }
    Path old = sibling(file, ".old");
    return fs.exists(old) ? readString(old) : null;
  }

  /**
   * Writes a small file so that readers see the complete old content or the complete new one,
   * on any file system: the bytes go to a hidden sibling first, the old file steps aside, the
   * new one takes its name, then the old one is deleted.
   */
  public static void writeStringAtomically(Path file, String content) throws IOException {
    FileSystem fs = file.getFileSystem();
    Path tmp = sibling(file, ".tmp");
    Path old = sibling(file, ".old");
    try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(file)) {
      fs.delete(old, false);
      rename(file, old);
    }
    rename(tmp, file);
    fs.delete(old, false);
  }

  private static Path sibling(Path file, String suffix) {
    return new Path(file.getParent(), "." + file.getName() + suffix);
  }

  /** Creates an empty marker file such as {@code _SUCCESS}. */
  public static void touch(Path file) throws IOException {
    file.getFileSystem().create(file, FileSystem.WriteMode.OVERWRITE).close();
  }

  public static void rename(Path from, Path to) throws IOException {
    FileSystem fs = from.getFileSystem();
    fs.mkdirs(to.getParent());
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }

  public static void deleteRecursively(Path path) throws IOException {
    FileSystem fs = path.getFileSystem();
    if (fs.exists(path) && !fs.delete(path, true) && fs.exists(path)) {
      throw new IOException("could not delete " + path);
    }
  }

  /** {@code child}'s path below {@code parent}, e.g. {@code CourseID=C1/part-0.parquet}. */
  public static String relativize(Path parent, Path child) {
    String p = parent.toUri().getPath().replaceAll("/+$", "");
    String c = child.toUri().getPath();
    if (!c.startsWith(p + "/")) {
      throw new IllegalArgumentException(child + " is not below " + parent);
    }
    return c.substring(p.length() + 1);
  }
}
