package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.Pipeline;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.ITypeConverter;

/** Every command's rule for a URI option: a URI as given, or a local path made absolute. */
final class Location implements ITypeConverter<Path> {
  @Override
  public Path convert(String value) {
    return Pipeline.uri(value);
  }
}
