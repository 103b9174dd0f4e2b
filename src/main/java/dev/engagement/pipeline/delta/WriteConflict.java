package dev.engagement.pipeline.delta;

import java.io.IOException;
import org.apache.flink.core.fs.Path;

/**
 * Another writer committed, after the version a write read, a change to what it read: the write
 * is not committed on top of it (it would undo or double-count that change).
 */
public final class WriteConflict extends IOException {
  WriteConflict(Path table, long readVersion, long version, String operation, String reason) {
    super(table + ": version " + version + " (" + operation + ") changed what was read at version "
        + readVersion + ": " + reason);
  }
}
