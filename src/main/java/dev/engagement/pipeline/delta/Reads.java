package dev.engagement.pipeline.delta;

import java.util.Map;
import java.util.Set;

/**
 * What a write read of its table at its read version: the rows that commits by other writers in
 * between must not have changed for the write to be committed on top of them (Delta's
 * optimistic concurrency: a blind append reads nothing, a merge reads the partitions it
 * rewrites, a restore the whole table, a compaction or an erase the files it rewrites).
 *
 * @param wholeTable every row
 * @param partitions the partitions read (partition column to value; null for a NULL partition)
 * @param files the names of the data files read and rewritten: a commit that removed one of them,
 *     even without changing a row (OPTIMIZE), conflicts, as the rewrite holds its rows
 */
public record Reads(boolean wholeTable, Set<Map<String, String>> partitions, Set<String> files) {

  /** A blind append, or a rewrite whose rows do not depend on the table's. */
  public static Reads nothing() {
    return new Reads(false, Set.of(), Set.of());
  }

  public static Reads partitions(Set<Map<String, String>> partitions) {
    return new Reads(false, Set.copyOf(partitions), Set.of());
  }

  public static Reads table() {
    return new Reads(true, Set.of(), Set.of());
  }

  /** A rewrite of the files named {@code files} (their names, without folders). */
  public static Reads files(Set<String> files) {
    return new Reads(false, Set.of(), Set.copyOf(files));
  }

  /** Whether a data change in the partition {@code values} touches what was read. */
  boolean covers(Map<String, String> values) {
    return wholeTable || partitions.contains(values);
  }
}
