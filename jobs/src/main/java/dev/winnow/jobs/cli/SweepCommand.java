package dev.winnow.jobs.cli;

import dev.winnow.jobs.Sessions;
import dev.winnow.jobs.SweepJob;
import dev.winnow.jobs.SweepOptions;
import dev.winnow.schemas.SweepManifest;
import dev.winnow.scorers.ConfigException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Write SWEEP/discard=R/ for every rate R from a score output, without rescoring.")
public final class SweepCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--scores", required = true, description = "A `winnow score` output directory")
  String scores;

  @Option(names = "--by", required = true, description = "Score column, or a SQL expression over score columns")
  String by;

  @Option(names = "--keep", description = "high, low or middle (default: the column's direction)")
  String keep;

  @Option(names = "--discard", split = ",", defaultValue = "0.1,0.25,0.5,0.75,0.9",
      description = "Fractions to discard (default: ${DEFAULT-VALUE})")
  List<String> discard = new ArrayList<>();

  @Option(names = {"-o", "--output"}, required = true, description = "Sweep output directory (replaced atomically)")
  String output;

  @Option(names = "--mode", defaultValue = "global", description = "global, per-source or batch (default: ${DEFAULT-VALUE})")
  String mode;

  @Option(names = "--batch-size", defaultValue = "0", description = "Micro-batch size for --mode batch")
  int batchSize;

  @Option(names = "--seed", defaultValue = "0", description = "Shuffle seed for --mode batch")
  long seed;

  @Option(names = "--with-scores", description = "Also write the score columns")
  boolean withScores;

  @Option(names = "--partitions", defaultValue = "0", description = "Repartition the scores first (0: as read)")
  int partitions;

  @Override
  public Integer call() {
    SweepOptions o = options();
    common.configureLogging();
    SparkSession spark = Sessions.getOrCreate(common.master);
    SweepManifest m = SweepJob.run(spark, o);
    printTable(spec.commandLine().getOut(), m);
    spec.commandLine().getOut().printf("wrote %s/discard=*/ and %s/_sweep.json%n", output, output);
    return 0;
  }

  SweepOptions options() {
    SweepOptions o = new SweepOptions();
    o.scores = scores;
    o.by = by;
    o.output = output;
    o.discard = discard;
    o.batchSize = batchSize;
    o.seed = seed;
    o.withScores = withScores;
    o.partitions = partitions;
    if (keep != null) {
      try {
        o.keep = SweepOptions.Keep.valueOf(keep.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Cannot sweep: --keep must be high, low or middle, got '" + keep + "'");
      }
    }
    try {
      o.mode = SweepOptions.Mode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Cannot sweep: --mode must be global, per-source or batch, got '" + mode + "'");
    }
    return o;
  }

  static void printTable(PrintWriter out, SweepManifest m) {
    out.printf("sweep by %s, keep %s, mode %s: %d documents%n", m.by(), m.keep(), m.mode(), m.inputDocs());
    out.printf("%8s %10s %8s %12s  %s%n", "discard", "kept docs", "kept %", "kept chars", "threshold");
    for (SweepManifest.Rate r : m.rates()) {
      out.printf("%8s %10d %7.1f%% %12d  %s%n", r.discard(), r.keptDocs(),
          m.inputDocs() == 0 ? 0.0 : 100.0 * r.keptDocs() / m.inputDocs(), r.keptChars(), describe(r));
    }
  }

  private static String describe(SweepManifest.Rate r) {
    if (r.threshold() != null) {
      return bound(r.threshold());
    }
    if (r.batchThresholds() != null) {
      return "per batch, score at the cut in " + bound(r.batchThresholds());
    }
    if (r.sourceThresholds() != null) {
      return r.sourceThresholds().size() + " per-source thresholds (see _sweep.json)";
    }
    return "-";
  }

  private static String bound(SweepManifest.Bound b) {
    String lo = b.lower() == null ? "-inf" : String.format(Locale.ROOT, "%.4f", b.lower());
    String hi = b.upper() == null ? "+inf" : String.format(Locale.ROOT, "%.4f", b.upper());
    return "[" + lo + ", " + hi + "]";
  }
}
