package dev.winnow.jobs.cli;

import dev.winnow.jobs.PipelineConfig;
import dev.winnow.jobs.ScoreJob;
import dev.winnow.jobs.ScoreOptions;
import dev.winnow.jobs.Sessions;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.jobs.io.ReadOptions;
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

  @Option(names = "--format", description = "auto, jsonl, text or parquet (default: ${DEFAULT-VALUE}: from file names)",
      defaultValue = "auto")
  String format;

  @Option(names = "--text-field", defaultValue = "text", description = "Field holding the text (default: ${DEFAULT-VALUE})")
  String textField;

  @Option(names = "--id-field", defaultValue = "id", description = "Field holding the id (default: ${DEFAULT-VALUE})")
  String idField;

  @Option(names = "--source-field", defaultValue = "source",
      description = "Field naming the source (default: ${DEFAULT-VALUE}; else the file name)")
  String sourceField;

  @Option(names = "--text-per-line", description = "Plain text: one document per line instead of per file")
  boolean textPerLine;

  @Option(names = "--max-chars", defaultValue = "1000000",
      description = "Longer documents are quarantined (default: ${DEFAULT-VALUE})")
  int maxChars;

  @Option(names = "--truncate", description = "Keep the first --max-chars characters of longer documents instead")
  boolean truncate;

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
    if (maxChars < 1) {
      throw new ConfigException("Cannot score: --max-chars must be positive");
    }
    if (batchSize < 1) {
      throw new ConfigException("Cannot score: --batch-size must be positive");
    }
    InputFormat forced;
    switch (format.toLowerCase()) {
      case "auto" -> forced = null;
      case "jsonl", "json" -> forced = InputFormat.JSONL;
      case "text", "txt" -> forced = InputFormat.TEXT;
      case "parquet" -> forced = InputFormat.PARQUET;
      default -> throw new ConfigException("Cannot score: --format must be auto, jsonl, text or parquet, got '"
          + format + "'");
    }
    ScoreOptions o = new ScoreOptions();
    o.inputs = inputs;
    o.output = output;
    o.read = new ReadOptions(forced, textField, idField, sourceField, textPerLine, maxChars, truncate,
        ReadOptions.defaults().splitBytes());
    o.scorers = PipelineConfig.resolve(scorers, config, confs);
    o.seed = seed;
    o.partitions = partitions;
    o.batchSize = batchSize;
    return o;
  }
}
