package dev.engagement.pipeline.quality;

import java.util.List;
import java.util.stream.Collectors;

/** A {@code fail} rule's gate fired: the run fails and commits nothing. */
public final class QualityGateFailed extends RuntimeException {
  public QualityGateFailed(List<QualityGates.Gate> fired) {
    super("quality gate failed: " + fired.stream().map(QualityGates.Gate::describe).collect(Collectors.joining("; ")));
  }
}
