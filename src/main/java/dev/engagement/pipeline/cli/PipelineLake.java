package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.lake.LakeLayout;
import java.io.IOException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** One pipeline's part of a lake: its watermark, lock and state folder. */
final class PipelineLake {
  static final String DEFAULT_NAME = "StudentEngagement";

  @Mixin LakeOption lake;

  @Option(names = "--pipeline-name", paramLabel = "NAME", defaultValue = DEFAULT_NAME, converter = Name.class,
      description = "names the job, its watermark, its lock and its state folder")
  String name;

  /** The lake's layout, once its file systems are initialized. */
  LakeLayout open() throws IOException {
    lake.initFileSystems();
    return layout();
  }

  LakeLayout layout() {
    return new LakeLayout(lake.root, name);
  }

  /** It names a folder and a Flink job: letters, digits, '_' and '-'. */
  static final class Name implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!value.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
        throw new TypeConversionException("must be letters, digits, '_' and '-', not '" + value + "'");
      }
      return value;
    }
  }
}
