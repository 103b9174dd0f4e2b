package dev.engagement.pipeline.delta;

import java.util.Map;

/**
 * A parquet data file of a Delta table.
 *
 * @param path the file's path relative to the table's folder (unescaped), as the log keeps it
 * @param partitionValues partition column to value (null for a NULL partition), as the log keeps them
 * @param footer the file's parquet footer as its writer reported it, for its statistics; null
 *     when unknown (a file of the log), and a commit that adds the file reads it from the file
 */
public record DataFile(String path, Map<String, String> partitionValues, long size, long modificationTime,
    byte[] footer) {}
