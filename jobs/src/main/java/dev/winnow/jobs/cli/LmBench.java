package dev.winnow.jobs.cli;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.winnow.jobs.PipelineConfig;
import dev.winnow.jobs.ScoreJob;
import dev.winnow.jobs.ScoreOptions;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.lm.LmModels;
import dev.winnow.scorers.lm.ScoringLm;
import dev.winnow.scorers.lm.WindowTranslator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code winnow bench lm}: model load time, tokens/s and bytes/s on one core of a raw DJL predictor loop
 * over the text's windows (the same windows and batches the scorer makes), and of the Spark score job on
 * the same model and text, with the ratio of the two (target: the job at 80% of the raw loop).
 */
final class LmBench {
  private static final int BATCH = 8;

  private final PrintWriter out;
  private final String model;
  private final List<Document> docs;
  private final double seconds;
  private final String master;

  LmBench(PrintWriter out, String model, List<Document> docs, double seconds, String master) {
    this.out = out;
    this.model = model;
    this.docs = docs;
    this.seconds = seconds;
    this.master = master;
  }

  int run() throws IOException, TranslateException {
    // one PyTorch thread: a per-core figure, as one Spark task slot would run it
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    long t0 = System.nanoTime();
    ScoringLm lm = LmModels.get(Path.of(model), 1);
    double load = (System.nanoTime() - t0) / 1e9;
    int context = lm.context();
    if (context == 0) {
      throw new ConfigException("Cannot bench lm: " + model + " gives no window length in its config.json");
    }

    List<int[]> ids = new ArrayList<>();
    long bytesPerPass = 0;
    for (Document d : docs) {
      ScoringLm.Tokens t = lm.encode(d.text());
      ids.add(t.ids());
      bytesPerPass += t.scoredBytes();
    }
    List<WindowTranslator.Windows> batches = new ArrayList<>();
    long tokensPerPass = 0;
    for (WindowTranslator.Batch b : WindowTranslator.batches(ids, context, lm.bos(), BATCH)) {
      batches.add(b.windows());
      tokensPerPass += (long) b.windows().count() * b.windows().length();
    }
    double bytesPerToken = (double) bytesPerPass / tokensPerPass;
    out.printf("bench lm: %s, context %d, %d documents, %,d tokens and %,d bytes scored per pass; model loaded in "
        + "%.2f s%n", model, context, docs.size(), tokensPerPass, bytesPerPass, load);

    double raw;
    try (Predictor<WindowTranslator.Windows, float[]> p = lm.model().newPredictor(
        new WindowTranslator(lm.inputNames()))) {
      long warm = System.nanoTime() + (long) (Math.min(3, seconds / 3) * 1e9);
      for (int i = 0; System.nanoTime() < warm; i = (i + 1) % batches.size()) {
        p.predict(batches.get(i));
      }
      long tokens = 0;
      long t1 = System.nanoTime();
      double elapsed;
      int i = 0;
      do {
        WindowTranslator.Windows w = batches.get(i);
        p.predict(w);
        tokens += (long) w.count() * w.length();
        i = (i + 1) % batches.size();
        elapsed = (System.nanoTime() - t1) / 1e9;
      } while (elapsed < seconds);
      raw = tokens / elapsed;
    }
    out.printf("raw DJL predictor loop (1 thread, batches of %d windows): %,.0f tokens/s = %,.0f bytes/s per core%n",
        BATCH, raw, raw * bytesPerToken);

    try (SparkBench bench = new SparkBench(master, "winnow-bench-lm")) {
      Path shard = bench.dir.resolve("shard.jsonl");
      // the documents repeated to about 30 s of the raw loop's work: the model's compute dwarfs the JIT's
      // warm-up of the reader and writer, so one run is measured and none is spent warming up
      int times = (int) Math.max(1, Math.ceil(raw * 30 / tokensPerPass));
      BenchCommand.writeJsonl(shard, docs.stream().map(Document::text).toList(), times);
      ScoreOptions o = new ScoreOptions().output(bench.dir.resolve("out").toString())
          .scorers(PipelineConfig.resolve(List.of("lm"), null,
              List.of("lm.model=" + model, "lm.batch=" + BATCH, "lm.context=" + context)));
      o.inputs = List.of(shard.toString());
      SparkBench.Run run = bench.runs(o, 0, 1, null).get(0);
      long tokens = ScoreJob.scores(bench.spark, o.output).agg(org.apache.spark.sql.functions.sum("lm_tokens"))
          .first().getLong(0);
      double job = tokens / run.stageSeconds() / bench.cores;
      out.printf("spark score job (%s, read JSONL, score, write Parquet): %,.0f tokens/s = %,.0f bytes/s per core "
          + "over %,d tokens, %.0f%% of the raw loop (target 80%%)%n", bench.master, job, job * bytesPerToken, tokens,
          100 * job / raw);
      SparkBench.printSplit(out, run, tokens, "tokens");
    }
    return 0;
  }
}
