package dev.winnow.jobs.cli;

import dev.winnow.jobs.ScoreJob;
import dev.winnow.jobs.ScoreOptions;
import dev.winnow.jobs.Sessions;
import dev.winnow.jobs.SweepJob;
import dev.winnow.jobs.SweepOptions;
import dev.winnow.schemas.ScoreManifest;
import dev.winnow.schemas.SweepManifest;
import dev.winnow.scorers.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Score the bundled sample with the heuristics and sweep it by heuristics_quality.")
public final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = "--sample", description = "Sample corpus (default: data/sample of the Winnow checkout)")
  Path sample;

  @Option(names = {"-o", "--output"}, defaultValue = "demo-out", description = "Where to write (default: ${DEFAULT-VALUE})")
  Path output;

  @Override
  public Integer call() {
    Path in = sample != null ? sample : Paths.get(System.getProperty("winnow.home", "."), "data", "sample");
    if (!Files.isDirectory(in)) {
      throw new ConfigException("Cannot run the demo: no sample corpus at " + in + " (pass --sample DIR)");
    }
    common.configureLogging();
    SparkSession spark = Sessions.getOrCreate(common.master);
    PrintWriter out = spec.commandLine().getOut();
    String scores = output.resolve("scores").toAbsolutePath().toString();
    String sweep = output.resolve("sweep").toAbsolutePath().toString();

    ScoreOptions so = new ScoreOptions().input(in.toAbsolutePath().toString()).output(scores);
    ScoreManifest sm = ScoreJob.run(spark, so);
    out.printf("scored %d documents from %s (%d quarantined) in %.1f s -> %s%n", sm.counts().scored(), in,
        sm.counts().quarantined(), sm.stageSeconds().get("total"), scores);
    ScoreJob.scores(spark, scores).groupBy("source").agg(
        org.apache.spark.sql.functions.count("*").as("docs"),
        org.apache.spark.sql.functions.round(org.apache.spark.sql.functions.avg("heuristics_quality"), 3)
            .as("mean_quality"),
        org.apache.spark.sql.functions.round(org.apache.spark.sql.functions.avg(
            org.apache.spark.sql.functions.col("heuristics_gopher_quality_pass").cast("int")), 3).as("gopher_pass"),
        org.apache.spark.sql.functions.round(org.apache.spark.sql.functions.avg(
            org.apache.spark.sql.functions.col("heuristics_c4_pass").cast("int")), 3).as("c4_pass"))
        .orderBy("source").collectAsList()
        .forEach(r -> out.printf("  %-28s %4d docs  mean quality %.3f  gopher pass %.3f  c4 pass %.3f%n",
            r.getString(0), r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4)));

    SweepOptions wo = new SweepOptions();
    wo.scores = scores;
    wo.by = "heuristics_quality";
    wo.keep = SweepOptions.Keep.HIGH;
    wo.output = sweep;
    SweepManifest m = SweepJob.run(spark, wo);
    SweepCommand.printTable(out, m);
    out.printf("wrote %s and %s%n", scores, sweep);
    return 0;
  }
}
