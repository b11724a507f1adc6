package dev.winnow.jobs.cli;

import dev.winnow.jobs.BucketJob;
import dev.winnow.jobs.Sessions;
import dev.winnow.jobs.SweepBatch;
import dev.winnow.jobs.SweepPlan;
import dev.winnow.schemas.SweepBatchManifest;
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
    description = {"Write SWEEP/discard=R/ for every rate R from a score output, without rescoring.",
        "With --plan FILE: run every sweep a YAML/JSON sweep file lists, as one batch over one score output,",
        "indexed in OUTPUT/_sweeps.json; sweeps already complete are skipped."})
public final class SweepCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--plan", description = "A sweep file (YAML or JSON) listing several sweeps")
  java.nio.file.Path plan;

  @Option(names = "--dry-run", description = "With --plan: print what would run and what is skipped, run nothing")
  boolean dryRun;

  @Option(names = "--buckets", split = ",",
      description = "CCNet buckets instead of rates: any of head,middle,tail, by the 30th and 60th percentile of "
          + "--by (default ngram_ppl) per language (metadata field 'language') or else per source")
  List<String> buckets = new ArrayList<>();

  @Option(names = "--bucket-cuts", split = ",", defaultValue = "0.3,0.6",
      description = "Where head and middle end, as fractions of each group (default: ${DEFAULT-VALUE})")
  List<Double> bucketCuts = new ArrayList<>();

  @Option(names = "--scores", description = "A `winnow score` output directory")
  String scores;

  @Option(names = "--by", description = "Score column, or a SQL expression over score columns")
  String by;

  @Option(names = "--keep", description = "high, low or middle (default: the column's direction)")
  String keep;

  @Option(names = "--discard", split = ",", defaultValue = "0.1,0.25,0.5,0.75,0.9",
      description = "Fractions to discard (default: ${DEFAULT-VALUE})")
  List<String> discard = new ArrayList<>();

  @Option(names = {"-o", "--output"}, description = "Sweep output directory (replaced atomically)")
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
    if (plan != null) {
      return runPlan();
    }
    if (dryRun) {
      throw new ConfigException("Cannot sweep: --dry-run needs --plan");
    }
    if (!buckets.isEmpty()) {
      return runBuckets();
    }
    if (scores == null || by == null || output == null) {
      throw new ConfigException("Cannot sweep: --scores, --by and --output are required (or --plan FILE)");
    }
    SweepOptions o = options();
    common.configureLogging();
    SparkSession spark = Sessions.getOrCreate(common.master);
    SweepManifest m = SweepJob.run(spark, o);
    printTable(spec.commandLine().getOut(), m);
    spec.commandLine().getOut().printf("wrote %s/discard=*/ and %s/_sweep.json%n", output, output);
    return 0;
  }

  private int runBuckets() {
    if (scores == null || output == null) {
      throw new ConfigException("Cannot bucket: --scores and --output are required");
    }
    double[] cuts = bucketCuts.stream().mapToDouble(Double::doubleValue).toArray();
    String column = by != null ? by : "ngram_ppl";
    common.configureLogging();
    SparkSession spark = Sessions.getOrCreate(common.master);
    var m = BucketJob.run(spark, scores, column, buckets, cuts, output);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("buckets by %s (best: %s) per %s, cuts %s%n", column, m.get("best"), m.get("grouped_by"), m.get("cuts"));
    @SuppressWarnings("unchecked")
    var groups = (java.util.Map<String, java.util.Map<String, Object>>) m.get("groups");
    for (var g : groups.entrySet()) {
      out.printf("  %-28s %6s docs  head ends at %s, middle ends at %s%n", g.getKey(), g.getValue().get("docs"),
          g.getValue().get("head_cutoff"), g.getValue().get("middle_cutoff"));
    }
    out.printf("wrote %s: %s, and %s/%s%n", output, m.get("written"), output, BucketJob.FILE);
    return 0;
  }

  private int runPlan() {
    if (by != null) {
      throw new ConfigException("Cannot sweep: --by belongs in the sweep file when --plan is given");
    }
    PrintWriter out = spec.commandLine().getOut();
    SweepPlan p = SweepPlan.read(plan, scores, output);
    List<SweepBatch.Step> steps = SweepBatch.steps(new org.apache.hadoop.conf.Configuration(), p);
    long toRun = steps.stream().filter(s -> !s.skip()).count();
    out.printf("sweep plan %s: %d sweeps over %s into %s (%d to run, %d complete)%n", plan, steps.size(), p.scores(),
        p.output(), toRun, steps.size() - toRun);
    for (SweepBatch.Step s : steps) {
      SweepOptions o = s.sweep().options();
      out.printf("  %-4s %-48s by %s, keep %s, mode %s%s, discard %s: %s%n", s.skip() ? "skip" : "run",
          s.sweep().name(), o.by, o.keep == null ? "(column direction)" : o.keep.name().toLowerCase(Locale.ROOT),
          o.mode.name().toLowerCase(Locale.ROOT).replace('_', '-'),
          o.mode == SweepOptions.Mode.BATCH ? " (batch " + o.batchSize + ", seed " + o.seed + ")" : "",
          String.join(",", o.discard), s.why());
    }
    if (dryRun) {
      return 0;
    }
    common.configureLogging();
    SparkSession spark = Sessions.getOrCreate(common.master);
    SweepBatchManifest m = SweepBatch.run(spark, p, e -> out.printf("  %-8s %s%s%n",
        e.status().name().toLowerCase(Locale.ROOT), e.name(),
        e.error() != null ? ": " + e.error() : e.keptDocs() != null ? " kept " + e.keptDocs() : ""));
    long failed = m.sweeps().stream().filter(e -> e.status() == SweepBatchManifest.Status.FAILED).count();
    out.printf("wrote %s/%s: %d complete, %d failed%n", p.output(), SweepBatchManifest.FILE,
        m.sweeps().size() - failed, failed);
    if (failed > 0) {
      spec.commandLine().getErr().printf("winnow: %d of %d sweeps failed (errors in %s/%s); rerun to retry them%n",
          failed, m.sweeps().size(), p.output(), SweepBatchManifest.FILE);
      return 1;
    }
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
