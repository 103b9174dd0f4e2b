package dev.engagement.pipeline.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The one command line: {@code pipeline <command> [options]}. A new command is a subclass of
 * {@link Subcommand} and one entry in {@code subcommands} below.
 */
@Command(name = "pipeline",
    description = "The student engagement pipeline and its upkeep. 'pipeline help COMMAND' describes a command;"
        + " arguments that begin with an option, without a command, are the run's.",
    subcommands = {RunCommand.class, RollbackCommand.class, StatusCommand.class, ReportCommand.class,
        VacuumCommand.class, OptimizeCommand.class, EraseCommand.class, GenerateCommand.class, HelpCommand.class})
public final class PipelineCommand implements Callable<Integer> {
  final PrintStream out;
  final PrintStream err;

  @Spec CommandSpec spec;

  private PipelineCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command {@code args} name; returns the exit status (docs/operations.md, "Exit status"). */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new PipelineCommand(out, err))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(ExitStatus::badOption)
        .setExecutionExceptionHandler(ExitStatus::failed);
    return cli.execute(withCommand(args));
  }

  /** Options without a command are the run's: {@code flink run job.jar --bronze ... --lake ...}. */
  private static String[] withCommand(String[] args) {
    return args.length > 0 && args[0].startsWith("-")
        ? Stream.concat(Stream.of(RunCommand.NAME), Stream.of(args)).toArray(String[]::new)
        : args;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }
}
