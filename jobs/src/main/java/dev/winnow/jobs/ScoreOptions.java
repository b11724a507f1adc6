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
  public int batchSize = 64;
  /** Benchmarks only: read the inputs this many times over. */
  public int repeatInputs = 1;

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
