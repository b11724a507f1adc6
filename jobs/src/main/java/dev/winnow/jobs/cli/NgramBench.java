package dev.winnow.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.jobs.PipelineConfig;
import dev.winnow.jobs.ScoreJob;
import dev.winnow.jobs.ScoreOptions;
import dev.winnow.scorers.ngram.ModelCard;
import dev.winnow.scorers.ngram.NgramModel;
import dev.winnow.scorers.ngram.NgramModels;
import dev.winnow.scorers.ngram.NgramQuery;
import dev.winnow.scorers.ngram.ReferenceSplit;
import dev.winnow.scorers.ngram.TextPrep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * {@code winnow bench ngram}: model load time and memory, tokens/s of the query loop alone on one thread,
 * and tokens/s per core of the Spark score job on the same text and model.
 */
final class NgramBench {
  /**
   * KenLM's query on the processor this project first ran on, one core: 10-12M tokens/s on the Europarl 5-gram
   * (452k n-grams), about 5M on a 5-gram of 3M n-grams. Without {@code --kenlm} a model is set against the
   * anchor nearer its size (on a log scale).
   */
  private static final double KENLM_SMALL = 11e6;
  private static final double KENLM_3M = 5e6;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double SHARD_TOKENS = 30_000_000;

  private final PrintWriter out;
  private final String model;
  private final List<String> inputs;
  private final double seconds;
  private final String master;
  private final KenLm kenLm;

  NgramBench(PrintWriter out, String model, List<String> inputs, double seconds, String master, KenLm kenLm) {
    this.kenLm = kenLm;
    this.out = out;
    this.model = model;
    this.inputs = inputs;
    this.seconds = seconds;
    this.master = master;
  }

  int run() throws IOException {
    // a model trained on a seeded split of these documents is benched on the others, as score would use it
    // and as KenLM's figures were taken (on text it was not trained on): on its own training text every
    // n-gram is found at every order, one memory access per order per token
    ModelCard card = ModelCard.beside(Path.of(model));
    Split split = Split.of(card);
    List<String> lines = new ArrayList<>();
    List<String> trainedOn = new ArrayList<>();
    for (String in : inputs) {
      readLines(Path.of(in), split, lines, trainedOn);
    }
    long heapBefore = usedHeap();
    long t0 = System.nanoTime();
    NgramModel m = NgramModels.get(Path.of(model));
    double load = (System.nanoTime() - t0) / 1e9;
    long heap = usedHeap() - heapBefore;
    out.printf("bench ngram: %s, order %d, %,d n-grams, %.1f bytes per n-gram in its tables; loaded in %.2f s, "
        + "%.0f MB of heap, process resident %.0f MB%n", model, m.order(), m.ngrams(), m.bytesPerNgram(), load,
        heap / 1e6, residentBytes() / 1e6);

    // the text preparation the model was trained with, as the scorer would insist
    TextPrep prep = card == null ? TextPrep.NONE : TextPrep.of(card.normalize());
    // the loop KenLM's query runs: text lines in, split at whitespace, every word looked up and scored
    List<String> tokenized = new ArrayList<>();
    long tokensPerPass = prepared(prep, lines, tokenized);
    NgramQuery q = new NgramQuery(m);
    double query;
    double kenlm;
    String anchor;
    Path arpa = this.kenLm == null ? null : arpaOf(Path.of(model));
    Path kdir = arpa == null ? null : Files.createTempDirectory("winnow-bench-kenlm");
    try {
      KenLm.Query k = null;
      if (arpa != null) {
        // the machine's speed drifts by tens of percent within a minute: Winnow's loop and KenLM's query take
        // turns, three each, and the ratio is the median of the turns' ratios
        try {
          k = this.kenLm.query(arpa, tokenized, tokensPerPass, 10_000_000, kdir);
          double[][] turns = inTurns(q, k, tokenized, tokensPerPass);
          query = SparkBench.median(turns[0]);
          kenlm = SparkBench.median(turns[1]);
          anchor = String.format("KenLM's query here (%,.0f tokens/s on the query loop's lines)", kenlm);
          out.printf("KenLM query (its probing binary of %s; the same lines, 10M tokens a run), in turns with the "
              + "query loop below after a run of each to warm up: %,.0f tokens/s (runs %s); the loop's rate over "
              + "KenLM's turn by turn: %.2fx (median; %s)%n", arpa, kenlm, rates(turns[1]),
              SparkBench.median(turns[2]), ratios(turns[2]));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("Cannot bench against KenLM: interrupted", e);
        }
      } else {
        query = steadyRate(q, tokenized, tokensPerPass, seconds);
        if (this.kenLm != null) {
          out.printf("KenLM query: skipped, no ARPA file for %s (KenLM reads ARPA, not .wngram)%n", model);
        }
        kenlm = Math.abs(Math.log(m.ngrams() / 452_540.0)) <= Math.abs(Math.log(m.ngrams() / 3e6)) ? KENLM_SMALL
            : KENLM_3M;
        anchor = String.format("KenLM's ~%.0fM on a %s (on an earlier processor)", kenlm / 1e6,
            kenlm == KENLM_SMALL ? "452k-n-gram 5-gram" : "3M-n-gram 5-gram");
      }
      String which = split == null ? "" : " of the documents outside the model's training split";
      out.printf("query alone (1 thread, split + look up + score, %d lines%s, %,d tokens per pass; median of 3 "
          + "windows after 3 s of warm-up): %,.0f tokens/s, %.2fx %s%n", tokenized.size(), which, tokensPerPass, query,
          query / kenlm, anchor);
      if (split != null && !trainedOn.isEmpty()) {
        List<String> own = new ArrayList<>();
        long ownTokens = prepared(prep, trainedOn, own);
        double rate = steadyRate(q, own, ownTokens, seconds);
        out.printf("query alone on the model's own training documents (%d lines, %,d tokens): %,.0f tokens/s, "
            + "%.2fx %s%n", own.size(), ownTokens, rate, rate / kenlm, anchor);
      }

      try (SparkBench bench = new SparkBench(master, "winnow-bench-ngram")) {
        // documents of 20 lines, repeated to about 30M tokens: the shape of a real shard, and enough work that
        // the job's fixed costs (task launch, Parquet writer set-up, commit: a few tenths of a second) do not
        // dominate
        Path shard = bench.dir.resolve("shard.jsonl");
        int times = (int) Math.max(1, Math.ceil(SHARD_TOKENS / tokensPerPass));
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 20) {
          docs.add(String.join("\n", lines.subList(i, Math.min(lines.size(), i + 20))));
        }
        BenchCommand.writeJsonl(shard, docs, times);
        ScoreOptions o = new ScoreOptions().output(bench.dir.resolve("out").toString())
            .scorers(PipelineConfig.resolve(List.of("ngram"), null, List.of("ngram.model=" + model,
                "ngram.normalize=" + prep.label())));
        o.inputs = List.of(shard.toString());
        List<Double> around = new ArrayList<>();
        List<Double> aroundKenlm = new ArrayList<>();
        KenLm.Query kq = k;
        List<SparkBench.Run> runs = bench.runs(o, BenchCommand.WARMUP_RUNS, BenchCommand.MEASURED_RUNS, () -> {
          around.add(queryRate(q, tokenized, tokensPerPass, 1.5));
          if (kq != null) {
            aroundKenlm.add(kenlmRate(kq));
          }
        });
        long tokens = ScoreJob.scores(bench.spark, o.output).agg(org.apache.spark.sql.functions.sum("ngram_tokens"))
            .first().getLong(0);
        SparkBench.Run median = SparkBench.median(runs);
        double job = tokens / median.stageSeconds() / bench.cores;
        double loop = around.stream().mapToDouble(Double::doubleValue).sum() / around.size();
        out.printf("spark score job (%s, read JSONL, split lines, score, write Parquet; median of %d runs after %d "
            + "warm-up runs): %,.0f tokens/s per core over %,d tokens, %.2fx %s (target 0.70x), %.0f%% of the "
            + "query loop run beside it (%,.0f tokens/s)%n", bench.master, runs.size(), BenchCommand.WARMUP_RUNS, job,
            tokens, job / kenlm, anchor, 100 * job / loop, loop);
        if (kq != null) {
          // each run against KenLM's query run just before and just after it
          double[] beside = new double[runs.size()];
          for (int i = 0; i < runs.size(); i++) {
            beside[i] = tokens / runs.get(i).stageSeconds() / bench.cores
                / ((aroundKenlm.get(i) + aroundKenlm.get(i + 1)) / 2);
          }
          out.printf("spark score job against KenLM's query run beside each run (%s tokens/s): %.2fx (median; runs "
              + "%s; target 0.70x)%n", rates(aroundKenlm.stream().mapToDouble(Double::doubleValue).toArray()),
              SparkBench.median(beside), ratios(beside));
        }
        out.printf("whole score run: %,.0f tokens/s per core, %.2fx %s%n", tokens / median.totalSeconds() / bench.cores,
            tokens / median.totalSeconds() / bench.cores / kenlm, anchor);
        SparkBench.printSplit(out, median, tokens, "tokens");
      }
    } finally {
      if (kdir != null) {
        BenchCommand.deleteRecursively(kdir);
      }
    }
    return 0;
  }

  private static double kenlmRate(KenLm.Query k) {
    try {
      return k.tokensPerSecond();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot bench against KenLM: interrupted", e);
    }
  }

  /**
   * Winnow's query loop and KenLM's query in three turns each, after one of each to warm up: {ours, KenLM's,
   * ours over KenLM's turn by turn}.
   */
  private double[][] inTurns(NgramQuery q, KenLm.Query k, List<String> lines, long tokensPerPass)
      throws IOException, InterruptedException {
    runFor(q, lines, 3);
    k.tokensPerSecond();
    double[][] turns = new double[3][3];
    for (int i = 0; i < 3; i++) {
      turns[0][i] = queryRate(q, lines, tokensPerPass, seconds / 3);
      turns[1][i] = k.tokensPerSecond();
      turns[2][i] = turns[0][i] / turns[1][i];
    }
    return turns;
  }

  private static String ratios(double[] ratios) {
    return String.join(", ", java.util.Arrays.stream(ratios).mapToObj(r -> String.format("%.2fx", r)).toList());
  }

  private static String rates(double[] rates) {
    return String.join(", ", java.util.Arrays.stream(rates).mapToObj(r -> String.format("%,.0f", r)).toList());
  }

  /** The model itself when it is an ARPA file, else the ARPA file train-ngram wrote beside it, if any. */
  private static Path arpaOf(Path model) {
    String name = model.getFileName().toString();
    if (name.endsWith(".arpa") || name.endsWith(".arpa.gz")) {
      return model;
    }
    String base = name.endsWith(".wngram") ? name.substring(0, name.length() - ".wngram".length()) : name;
    for (String ext : new String[] {".arpa", ".arpa.gz"}) {
      Path p = model.resolveSibling(base + ext);
      if (Files.exists(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The loop's rate once the JIT has compiled it and the model's pages are touched: 3 s of warm-up (after 1.7 s
   * the first measured window still ran 10-20% below the rate measured later beside the Spark runs), then the
   * median of three windows of {@code seconds / 3}.
   */
  private static double steadyRate(NgramQuery q, List<String> lines, long tokensPerPass, double seconds) {
    runFor(q, lines, 3);
    double[] r = new double[3];
    for (int i = 0; i < 3; i++) {
      r[i] = queryRate(q, lines, tokensPerPass, seconds / 3);
    }
    return SparkBench.median(r);
  }

  private static void runFor(NgramQuery q, List<String> lines, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      for (String t : lines) {
        q.line(t, 0, t.length());
      }
    }
  }

  private static double queryRate(NgramQuery q, List<String> lines, long tokensPerPass, double seconds) {
    long passes = 0;
    long t1 = System.nanoTime();
    double elapsed;
    do {
      for (String t : lines) {
        q.line(t, 0, t.length());
      }
      passes++;
      elapsed = (System.nanoTime() - t1) / 1e9;
    } while (elapsed < seconds);
    return passes * tokensPerPass / elapsed;
  }

  /** The lines of {@code lines} with a word, prepared; returns their tokens ({@code </s>} included). */
  private static long prepared(TextPrep prep, List<String> lines, List<String> out) {
    long tokens = 0;
    for (String l : lines) {
      String p = prep.prepare(l);
      int words = TextPrep.tokens(p).length;
      if (words > 0) {
        out.add(p);
        tokens += words + 1;
      }
    }
    return tokens;
  }

  /** A model card's reference split (fraction and seed), or null for a model trained on all of its input. */
  private record Split(double fraction, long seed) {
    static Split of(ModelCard card) {
      if (card == null || !card.provenance().path("protocol").asText("").equals("reference-fraction")) {
        return null;
      }
      JsonNode p = card.provenance();
      return new Split(p.path("reference_fraction").asDouble(), p.path("seed").asLong());
    }
  }

  /**
   * The text lines of a file: a JSONL document's lines go to {@code trainedOn} when its {@code id} is in the
   * model's training split, else (and for plain text, and documents without an id) to {@code lines}.
   */
  private static void readLines(Path p, Split split, List<String> lines, List<String> trainedOn) throws IOException {
    try (InputStream raw = Files.newInputStream(p);
         BufferedReader r = new BufferedReader(new InputStreamReader(
             p.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
      boolean jsonl = p.toString().contains(".jsonl");
      String line;
      while ((line = r.readLine()) != null) {
        if (jsonl) {
          JsonNode doc = JSON.readTree(line);
          JsonNode id = doc.path("id");
          boolean own = split != null && !id.isMissingNode() && !id.isNull()
              && ReferenceSplit.inReference(id.asText(), split.seed(), split.fraction());
          (own ? trainedOn : lines).addAll(List.of(doc.path("text").asText().split("\n")));
        } else {
          lines.add(line);
        }
      }
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long residentBytes() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
