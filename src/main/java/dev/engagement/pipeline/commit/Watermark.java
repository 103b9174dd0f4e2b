package dev.engagement.pipeline.commit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import java.io.IOException;
import java.util.Optional;

/**
 * The stored watermark of a pipeline: the greatest LastModifiedDate committed so far
 * ('yyyy-MM-dd HH:mm:ss.SSS', which sorts as it reads), and the run that committed it.
 */
public record Watermark(String pipelineName, String lastModifiedDate, String runId, String committedAt) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static Optional<Watermark> read(LakeLayout lake) throws IOException {
    String json = LakeFiles.readAtomicallyWritten(lake.watermarkFile());
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(json, Watermark.class));
    } catch (JsonProcessingException e) {
      throw new IOException("unreadable watermark " + lake.watermarkFile() + ": " + e.getMessage(), e);
    }
  }

  public void write(LakeLayout lake) throws IOException {
    LakeFiles.writeStringAtomically(lake.watermarkFile(), JSON.writeValueAsString(this));
  }
}
