package dev.winnow.jobs;

import dev.winnow.jobs.io.ReadOptions;
import java.util.ArrayList;
import java.util.List;

/** Everything {@link ScoreJob#run} needs; the CLI fills it from flags, spark-shell users by hand. */
public final class ScoreOptions {
  public List<String> inputs = new ArrayList<>();
  public String output;
  public ReadOptions read = ReadOptions.defaults();
  public List<ScorerSpec> scorers = PipelineConfig.resolve(List.of(), null, List.of());
  public long seed = 0;
  /** Repartition documents before scoring (gzip files are one task each); 0 keeps the reader's splits. */
  public int partitions = 0;
  /**
   * Documents per scorer call. Large batches keep the scorer's code and tables warm between the reader's and
   * the Parquet writer's turns: 512 scores about a quarter faster than 64 in the Spark job.
   */
  public int batchSize = 512;

  public ScoreOptions input(String... paths) {
    inputs.addAll(List.of(paths));
    return this;
  }

  public ScoreOptions output(String path) {
    output = path;
    return this;
  }

  public ScoreOptions read(ReadOptions options) {
    read = options;
    return this;
  }

  public ScoreOptions scorers(List<ScorerSpec> specs) {
    scorers = specs;
    return this;
  }

  public ScoreOptions partitions(int n) {
    partitions = n;
    return this;
  }

  public ScoreOptions seed(long s) {
    seed = s;
    return this;
  }
}
