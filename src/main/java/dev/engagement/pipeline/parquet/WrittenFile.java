package dev.engagement.pipeline.parquet;

import java.io.Serializable;

/**
 * A data file a sink subtask wrote, as the job reports it to the commit (an accumulator of the
 * sink): the commit lists no folder and reads no file to learn what the run wrote.
 *
 * @param path the file's URI
 * @param footer the file's parquet footer (thrift {@code FileMetaData}), for its statistics; null
 *     when it was too long to keep, and the commit reads it from the file
 */
public record WrittenFile(String path, long size, long modificationTime, long rows, byte[] footer)
    implements Serializable {

  /** An output format that wrote one file and tells what it wrote, once closed. */
  interface Reporter {
    WrittenFile written();
  }
}
