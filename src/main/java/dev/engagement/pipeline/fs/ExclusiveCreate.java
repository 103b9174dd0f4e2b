package dev.engagement.pipeline.fs;

import dev.engagement.pipeline.azure.BlobDirectWrite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.UUID;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Creates a small file only if there is none, decided where the file is created, so that of
 * writers racing for one name exactly one wins, and readers see it whole:
 *
 * <ul>
 *   <li>local disk: the content goes to a hidden sibling, which is then linked to the name
 *       ({@code link(2)} fails if the name exists);
 *   <li>Blob storage ({@code wasb://}): one Put Blob with {@code If-None-Match: *}
 *       ({@link BlobDirectWrite#createIfAbsent});
 *   <li>other file systems: the driver's create without overwrite, which ADLS Gen2's ABFS driver
 *       sends as a conditional create ({@code If-None-Match: *}).
 * </ul>
 */
public final class ExclusiveCreate {
  private ExclusiveCreate() {}

  /** Creates {@code file} holding {@code content}; false if it exists. */
  public static boolean create(Path file, byte[] content) throws IOException {
    FileSystem fs = file.getFileSystem();
    if ("file".equals(file.toUri().getScheme())) {
      java.nio.file.Path target = Paths.get(file.toUri());
      java.nio.file.Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.write(tmp, content);
      try {
        Files.createLink(target, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.delete(tmp);
      }
    }
    if (BlobDirectWrite.isBlob(file)) {
      return BlobDirectWrite.createIfAbsent(file, content);
    }
    try (OutputStream out = fs.create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
      out.write(content);
      return true;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false;
      }
      throw e;
    }
  }
}
