package dev.winnow.jobs.cli;

import dev.winnow.jobs.PipelineConfig;
import dev.winnow.jobs.ScoreJob;
import dev.winnow.jobs.ScoreOptions;
import dev.winnow.jobs.Sessions;
import dev.winnow.schemas.ScoreManifest;
import dev.winnow.scorers.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Read shards, score every document, write OUT/scores, OUT/quarantine and OUT/_manifest.json.")
public final class ScoreCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Option(names = {"-i", "--input"}, required = true, arity = "1..*",
      description = "Files, directories or globs on any Hadoop filesystem (file:, hdfs:, s3a:)")
  List<String> inputs = new ArrayList<>();

  @Option(names = {"-o", "--output"}, required = true, description = "Output directory (replaced atomically)")
  String output;

  @Mixin
  ReadOptionsMixin read = new ReadOptionsMixin();

  @Option(names = "--scorers", split = ",", description = "Scorers to run (default: heuristics)")
  List<String> scorers = new ArrayList<>();

  @Option(names = "--config", description = "YAML or JSON pipeline file with scorer options")
  Path config;

  @Option(names = "--conf", description = "scorer.key=value, repeatable; wins over --config")
  List<String> confs = new ArrayList<>();

  @Option(names = "--seed", defaultValue = "0", description = "Seed recorded and passed to scorers")
  long seed;

  @Option(names = "--partitions", defaultValue = "0",
      description = "Repartition documents before scoring (0: one task per split; .gz files are one split)")
  int partitions;

  @Option(names = "--batch-size", defaultValue = "512",
      description = "Documents per scorer call, at most 8M characters (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Override
  public Integer call() {
    ScoreOptions o = options();
    common.configureLogging();
    SparkSession spark = Sessions.getOrCreate(common.master);
    ScoreManifest m = ScoreJob.run(spark, o);
    var out = spec.commandLine().getOut();
    out.printf("scored %d of %d records (%d quarantined, %d truncated) from %d files in %.1f s%n",
        m.counts().scored(), m.counts().read(), m.counts().quarantined(), m.counts().truncated(),
        m.inputFiles().size(), m.stageSeconds().get("total"));
    m.quarantineReasons().forEach((k, v) -> out.printf("  quarantined %-16s %d%n", k, v));
    m.inputErrors().forEach(e -> out.printf("  input error: %s: %s%n", e.file(), e.error()));
    out.printf("wrote %s/scores, %s/quarantine, %s/_manifest.json%n", output, output, output);
    return 0;
  }

  /** Validates every option, scorer configuration included, before Spark starts. */
  ScoreOptions options() {
    if (batchSize < 1) {
      throw new ConfigException("Cannot score: --batch-size must be positive");
    }
    ScoreOptions o = new ScoreOptions();
    o.inputs = inputs;
    o.output = output;
    o.read = read.toReadOptions("score");
    o.scorers = PipelineConfig.resolve(scorers, config, confs);
    o.seed = seed;
    o.partitions = partitions;
    o.batchSize = batchSize;
    return o;
  }
}
