package dev.engagement.pipeline.ops;

import dev.engagement.pipeline.lake.LakeLayout;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.fs.Path;

/** Lets tests outside this package call the status command's printer. */
public final class PipelineStatusAccess {
  private PipelineStatusAccess() {}

  public static void print(File lake, boolean json, OutputStream out) throws Exception {
    PipelineStatus.print(new LakeLayout(new Path(lake.toURI()), "-"), 10, 10, json,
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }
}
