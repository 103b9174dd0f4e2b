package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.Failure;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a command's failure becomes its exit status and its line on stderr. */
final class ExitStatus {
  private static final Logger LOG = LoggerFactory.getLogger(ExitStatus.class);

  private ExitStatus() {}

  /** A wrong, missing or malformed option: the message names it, then the command's usage. */
  static int badOption(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    // picocli starts some messages (a missing group of options) with its own "Error: ".
    command.getErr().println("error: " + e.getMessage().replaceFirst("^Error: ", ""));
    command.usage(command.getErr());
    return Failure.BAD_INPUT.exitStatus();
  }

  /** A command that failed: one line naming the cause; the log has the details. */
  static int failed(Exception e, CommandLine command, ParseResult parsed) {
    Failure failure = Failure.of(e);
    String message = failure.describe(e, command.getCommandName());
    LOG.error("{}: {}", command.getCommandName(), message, failure.exitStatus() == 1 ? e : null);
    command.getErr().println("error: " + message);
    return failure.exitStatus();
  }
}
