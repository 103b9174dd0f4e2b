package dev.engagement.pipeline.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What every command has: {@code --help}, its options in the order they are declared with their
 * defaults, and the streams it prints to. {@link #execute} returns the exit status; a failure is an
 * exception, which {@link ExitStatus} maps.
 */
@Command(separator = " ", sortOptions = false, showDefaultValues = true, usageHelpWidth = 100)
abstract class Subcommand implements Callable<Integer> {
  @ParentCommand private PipelineCommand pipeline;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
  private boolean help;

  abstract int execute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } catch (LinkageError e) { // a class missing from a cluster's class path: a failure like any other
      throw new Exception(e.toString(), e);
    }
  }

  PrintStream out() {
    return pipeline.out;
  }

  PrintStream err() {
    return pipeline.err;
  }
}
