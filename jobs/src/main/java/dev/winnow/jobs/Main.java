package dev.winnow.jobs;

import dev.winnow.jobs.cli.BenchCommand;
import dev.winnow.jobs.cli.DemoCommand;
import dev.winnow.jobs.cli.ScoreCommand;
import dev.winnow.jobs.cli.ScorersCommand;
import dev.winnow.jobs.cli.SweepCommand;
import dev.winnow.jobs.cli.TrainLmCommand;
import dev.winnow.jobs.cli.TrainNgramCommand;
import dev.winnow.scorers.ConfigException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code winnow} command line. Exit codes: 0 done, 1 the job failed, 2 bad options or input. */
@Command(name = "winnow", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Score text shards with pluggable raters and write filtered Parquet at swept filter rates.",
    subcommands = {ScoreCommand.class, SweepCommand.class, TrainNgramCommand.class, TrainLmCommand.class, ScorersCommand.class, DemoCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return EXIT_USAGE;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; what tests call. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
      Throwable cause = rootUserError(e);
      PrintWriter w = commandLine.getErr();
      if (cause instanceof ConfigException) {
        w.println("winnow: " + cause.getMessage());
      } else {
        w.println("winnow: " + oneLine(e));
      }
      if (verbose) {
        e.printStackTrace(w);
      } else if (!(cause instanceof ConfigException)) {
        w.println("(run with --verbose for the stack trace)");
      }
      w.flush();
      return cause instanceof ConfigException ? EXIT_USAGE : EXIT_FAILED;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      PrintWriter w = e.getCommandLine().getErr();
      w.println("winnow: " + e.getMessage());
      w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      w.flush();
      return EXIT_USAGE;
    });
    return cli.execute(args);
  }

  private static Throwable rootUserError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException) {
        return t;
      }
    }
    return e;
  }

  private static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"winnow " + Version.WINNOW};
    }
  }
}
