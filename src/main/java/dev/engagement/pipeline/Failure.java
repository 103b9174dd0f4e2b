package dev.engagement.pipeline;

import dev.engagement.pipeline.commit.PipelineLock;
import dev.engagement.pipeline.commit.RunTransaction;
import dev.engagement.pipeline.quality.QualityGateFailed;

/**
 * How a failure ends a run or any other command: its error code (in the run log), exit status
 * and one-line message (docs/operations.md, "Exit status").
 */
public enum Failure {
  BAD_INPUT(2), PIPELINE_LOCKED(3), QUALITY_GATE_FAILED(4), CONCURRENT_WRITE(5), UPKEEP_FAILED(6),
  COMMIT_CUT_OFF(1), RUN_FAILED(1);

  private final int exitStatus;

  Failure(int exitStatus) {
    this.exitStatus = exitStatus;
  }

  public int exitStatus() {
    return exitStatus;
  }

  public static Failure of(Throwable e) {
    if (e instanceof PipelineLock.Held) {
      return PIPELINE_LOCKED;
    } else if (e instanceof QualityGateFailed) {
      return QUALITY_GATE_FAILED;
    } else if (e instanceof RunTransaction.Conflict) {
      return CONCURRENT_WRITE;
    } else if (e instanceof Pipeline.UpkeepFailed) {
      return UPKEEP_FAILED;
    } else if (e instanceof RunTransaction.CutOff) {
      return COMMIT_CUT_OFF;
    } else if (e instanceof IllegalArgumentException) {
      return BAD_INPUT;
    }
    return RUN_FAILED;
  }

  /** The run's message, as the run log keeps it. */
  String message(Throwable e) {
    return describe(e, "run");
  }

  /** The message of a failure of {@code command}: the exception's own, unless it is unexpected. */
  public String describe(Throwable e, String command) {
    if (this != RUN_FAILED) {
      return e.getMessage();
    }
    return command + " failed" + (command.equals("run") ? ", nothing was committed: " : ": ") + rootCause(e);
  }

  static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
