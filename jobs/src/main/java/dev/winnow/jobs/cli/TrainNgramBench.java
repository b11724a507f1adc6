package dev.winnow.jobs.cli;

import dev.winnow.jobs.Sessions;
import dev.winnow.jobs.TrainNgramJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code winnow bench train-ngram}: train-ngram on the input, over every core of the session, {@code runs}
 * times in one JVM: the first run is what a user's {@code train-ngram} costs (a cold JVM, the JIT still at
 * work), the later ones the rate once compiled. Tokens/s per core are set against the target of 300,000
 * (lmplz-class counting and estimation).
 */
final class TrainNgramBench {
  private static final double TARGET_PER_CORE = 300_000;

  private final PrintWriter out;
  private final List<String> inputs;
  private final int order;
  private final int runs;
  private final String master;

  TrainNgramBench(PrintWriter out, List<String> inputs, int order, int runs, String master) {
    this.out = out;
    this.inputs = inputs;
    this.order = order;
    this.runs = runs;
    this.master = master;
  }

  int run() throws IOException {
    SparkSession spark = Sessions.getOrCreate(master);
    int cores = spark.sparkContext().defaultParallelism();
    Path dir = Files.createTempDirectory("winnow-bench-train");
    try {
      double[] later = new double[Math.max(0, runs - 1)];
      for (int i = 0; i < runs; i++) {
        TrainNgramJob.Options o = new TrainNgramJob.Options();
        o.inputs = inputs;
        o.order = order;
        o.output = dir.resolve("model.arpa").toString();
        TrainNgramJob.Result r = TrainNgramJob.run(spark, o);
        double perCore = r.tokens() / r.seconds().get("total") / cores;
        out.printf("run %d%s: %,d tokens, %,d n-grams in %.2f s on %d cores: %,.0f tokens/s per core, %.2fx the "
            + "target of %,.0f; seconds %s%n", i + 1, i == 0 ? " (cold JVM)" : "", r.tokens(),
            java.util.Arrays.stream(r.ngrams()).sum(), r.seconds().get("total"), cores, perCore,
            perCore / TARGET_PER_CORE, TARGET_PER_CORE, r.seconds());
        if (i > 0) {
          later[i - 1] = perCore;
        }
      }
      if (later.length > 0) {
        double median = SparkBench.median(later);
        out.printf("after the first run (median of %d): %,.0f tokens/s per core, %.2fx the target%n", later.length,
            median, median / TARGET_PER_CORE);
      }
    } finally {
      BenchCommand.deleteRecursively(dir);
    }
    return 0;
  }
}
