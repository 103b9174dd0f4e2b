package dev.engagement.pipeline.testing;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;

/**
 * Makes testdata/bad/: one bronze folder per kind of hostile input. Parquet files come from the
 * JSON sources in each folder's _sources/ (FixtureWriter); the files that are broken on purpose
 * (truncated, empty, not parquet) and the hidden files are made here.
 *
 * <p>Run it with {@code deploy/make-fixtures.sh} (it regenerates testdata/bad too).
 */
public final class BadInputCorpus {
  private BadInputCorpus() {}

  public static void main(String[] args) throws IOException {
    File bad = new File(args.length > 0 ? args[0] : "testdata/bad");
    for (File caseDir : bad.listFiles(File::isDirectory)) {
      File sources = new File(caseDir, "_sources");
      File[] jsons = sources.listFiles((d, n) -> n.endsWith(".json"));
      for (File json : jsons == null ? new File[0] : jsons) {
        FixtureWriter.write(json, new File(caseDir, json.getName().replace(".json", ".parquet")));
      }
    }
    // A file cut off in the middle of an upload: its footer is gone.
    File whole = new File(bad, "truncated/whole.parquet");
    File truncated = new File(bad, "truncated/cut_off.parquet");
    Files.copy(whole.toPath(), truncated.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (RandomAccessFile f = new RandomAccessFile(truncated, "rw")) {
      f.setLength(f.length() / 2);
    }
    Files.write(new File(bad, "zero_byte/empty.parquet").toPath(), new byte[0]);
    Files.writeString(new File(bad, "text_named_parquet/export.parquet").toPath(),
        "StudentID,CourseID,StudentEmail\nS1,C1,a@b.c\n");
    new File(bad, "empty_folder").mkdirs();
    Files.writeString(new File(bad, "empty_folder/.keep").toPath(), "");
    File hidden = new File(bad, "hidden_files");
    Files.writeString(new File(hidden, "_SUCCESS").toPath(), "");
    Files.writeString(new File(hidden, ".rows.parquet.crc").toPath(), "crc");
    new File(hidden, "_temporary/0").mkdirs();
    Files.writeString(new File(hidden, "_temporary/0/part-00000.parquet").toPath(), "half written");
    System.out.println("wrote " + bad);
  }
}
