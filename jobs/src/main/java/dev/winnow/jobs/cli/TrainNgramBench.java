package dev.winnow.jobs.cli;

import dev.winnow.jobs.Sessions;
import dev.winnow.jobs.TrainNgramJob;
import dev.winnow.scorers.ngram.ArpaReader;
import dev.winnow.scorers.ngram.NgramModel;
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
 * (lmplz-class counting and estimation), and with {@code --kenlm} against lmplz itself on the same text.
 */
final class TrainNgramBench {
  private static final double TARGET_PER_CORE = 300_000;

  private final PrintWriter out;
  private final List<String> inputs;
  private final int order;
  private final int runs;
  private final String master;
  private final KenLm kenLm;

  TrainNgramBench(PrintWriter out, List<String> inputs, int order, int runs, String master, KenLm kenLm) {
    this.kenLm = kenLm;
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
      KenLm.Training lmplz = kenLm == null ? null : lmplz(dir);
      double[] later = new double[Math.max(0, runs - 1)];
      double[] laterSeconds = new double[later.length];
      long[] ngrams = null;
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
          laterSeconds[i - 1] = r.seconds().get("total");
        }
        ngrams = r.ngrams();
      }
      if (later.length > 0) {
        double median = SparkBench.median(later);
        out.printf("after the first run (median of %d): %,.0f tokens/s per core, %.2fx the target%n", later.length,
            median, median / TARGET_PER_CORE);
      }
      if (lmplz != null) {
        compare(ngrams, dir.resolve("model.arpa"), lmplz);
        if (later.length > 0) {
          double winnowSeconds = SparkBench.median(laterSeconds);
          out.printf("Winnow after the first run: %.2f s of wall time, %.2fx lmplz's speed in wall time%n",
              winnowSeconds, lmplz.wallSeconds() / winnowSeconds);
        }
      }
    } finally {
      BenchCommand.deleteRecursively(dir);
    }
    return 0;
  }

  /**
   * lmplz's counts per order against Winnow's, then Winnow's ARPA file against lmplz's, entry by entry: every
   * n-gram of Winnow's looked up in lmplz's model by its words (with the counts per order equal, none missing
   * means the same n-grams), the largest differences of log10 probability and backoff printed.
   */
  private void compare(long[] ngrams, Path winnow, KenLm.Training lmplz) throws IOException {
    NgramModel reference = ArpaReader.read(lmplz.arpa());
    long[] theirs = new long[reference.order()];
    for (int n = 1; n <= theirs.length; n++) {
      theirs[n - 1] = reference.ngrams(n);
    }
    out.printf("lmplz on the same text: %.2f s of wall time, %.2f s of CPU; %s%n", lmplz.wallSeconds(),
        lmplz.cpuSeconds(), java.util.Arrays.equals(theirs, ngrams)
            ? "the same n-grams per order, " + java.util.Arrays.toString(ngrams)
            : "n-grams per order " + java.util.Arrays.toString(theirs) + " against Winnow's "
                + java.util.Arrays.toString(ngrams));
    long[] compared = new long[2];
    double[] worst = new double[2];
    ArpaReader.forEachEntry(winnow, (n, words, prob, backoff) -> {
      float[] e = reference.entry(java.util.Arrays.copyOf(words, n));
      compared[0]++;
      if (e == null) {
        compared[1]++;
        return;
      }
      worst[0] = Math.max(worst[0], Math.abs(e[0] - prob));
      worst[1] = Math.max(worst[1], Math.abs(e[1] - backoff));
    });
    out.printf("Winnow's ARPA file against lmplz's, entry by entry: %,d n-grams, %,d not in lmplz's; largest "
        + "difference of log10 probability %.2g, of backoff %.2g%n", compared[0], compared[1], worst[0], worst[1]);
  }

  /**
   * lmplz on the lines train-ngram counts (every document, prepared as it prepares them, tokens joined by a
   * space, which KenLM splits at), before Winnow's runs so that neither runs beside the other.
   */
  private KenLm.Training lmplz(Path dir) throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    long tokens = 0;
    for (dev.winnow.scorers.Document d : BenchCommand.load(inputs)) {
      for (String[] line : dev.winnow.scorers.ngram.TextPrep.NONE.lines(d.text())) {
        lines.add(String.join(" ", line));
        tokens += line.length + 1;
      }
    }
    try {
      KenLm.Training t = kenLm.lmplz(lines, order, dir);
      out.printf("lmplz -o %d (KenLM) on the same %,d lines, %,d tokens with </s>: %.2f s of wall time, %.2f s of "
          + "CPU: %,.0f tokens per CPU-second%n", order, lines.size(), tokens, t.wallSeconds(), t.cpuSeconds(),
          tokens / t.cpuSeconds());
      return t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Cannot bench against KenLM: interrupted", e);
    }
  }
}
