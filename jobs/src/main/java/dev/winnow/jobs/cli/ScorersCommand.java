package dev.winnow.jobs.cli;

import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scorers", mixinStandardHelpOptions = true,
    description = "List the registered scorers with their columns (and options with --options).")
public final class ScorersCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--options", description = "Also list every option with its default")
  boolean options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (Scorer s : ScorerRegistry.all()) {
      out.printf("%s %s (%d columns, %d options)%n", s.name(), s.version(), s.columns().size(), s.params().size());
      for (ScoreColumn c : s.columns()) {
        out.printf("  %-40s %-8s %-17s %s%n", c.qualifiedName(s.name()), c.type().name().toLowerCase(),
            c.direction().name().toLowerCase(), c.description());
      }
      if (options) {
        out.println("  options (--conf " + s.name() + ".KEY=VALUE):");
        for (Param<?> p : s.params()) {
          out.printf("    %-32s %-12s %s; %s%n", p.name(), String.valueOf(p.defaultValue()), p.description(),
              p.expectation());
        }
      }
    }
    return 0;
  }
}
