package dev.winnow.jobs.cli;

import dev.winnow.jobs.PipelineConfig;
import dev.winnow.jobs.ScoreJob;
import dev.winnow.jobs.ScoreOptions;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.scorers.ConfigException;
import dev.winnow.jobs.io.InputResolver;
import dev.winnow.jobs.io.InputSplit;
import dev.winnow.jobs.io.ParsedRecord;
import dev.winnow.jobs.io.ReadOptions;
import dev.winnow.jobs.io.ShardReader;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure a scorer (docs/s and MB/s per core in-process and through the Spark score job), or "
        + "train-ngram (tokens/s per core).")
public final class BenchCommand implements Callable<Integer> {
  /** datatrove's four filters chained, one core, on this project's machine (../shared/data/README.md). */
  private static final double DATATROVE_DOCS_PER_S = 370;
  /**
   * Documents in the shard the Spark runs read, at least: a job's fixed costs (scheduling, output commit) are
   * a few tenths of a second, which on a real shard (a C4 training shard holds about 356,000 documents) is
   * noise and on a small one would be most of what is measured.
   */
  private static final double SHARD_DOCS = 60_000;
  static final int WARMUP_RUNS = 2;
  static final int MEASURED_RUNS = 3;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Parameters(index = "0", description = "Scorer to measure (heuristics, ngram, lm), or train-ngram")
  String scorer;

  @Option(names = {"-i", "--input"}, required = true, arity = "1..*", description = "JSONL input files")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--seconds", defaultValue = "10", description = "Minimum measured time in-process (default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--repeat", defaultValue = "0",
      description = "Copies of the input in the shard the Spark runs read (default: enough for 60,000 documents)")
  int repeat;

  @Option(names = "--batch-size", defaultValue = "512", description = "Documents per scorer call (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--conf", description = "scorer.key=value, repeatable")
  List<String> confs = new ArrayList<>();

  @Option(names = "--order", defaultValue = "5", description = "bench train-ngram: the model's order "
      + "(default: ${DEFAULT-VALUE})")
  int order;

  @Option(names = "--runs", defaultValue = "3", description = "bench train-ngram: trainings in one JVM, the first "
      + "one cold (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--kenlm", description = "bench ngram and train-ngram: a directory holding KenLM's query, "
      + "build_binary and lmplz (scripts/build-kenlm.sh), run on the same text so that the ratios are to KenLM on "
      + "this machine")
  String kenlm;

  @Option(names = "--model", description = "bench ngram: the model (.arpa, .arpa.gz or .wngram); bench lm: the "
      + "model directory")
  String model;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (scorer.equals("train-ngram")) {
      if (order < 1 || order > 9 || runs < 1) {
        throw new ConfigException("Cannot bench train-ngram: --order must be 1 to 9 and --runs at least 1");
      }
      common.configureLogging();
      out.println(Machine.describe());
      KenLm k = kenlm == null ? null : KenLm.at(kenlm, "lmplz");
      return new TrainNgramBench(out, inputs, order, runs, common.master, k).run();
    }
    if (scorer.equals("ngram") || scorer.equals("lm")) {
      if (model == null) {
        throw new ConfigException("Cannot bench " + scorer + ": --model is required");
      }
      common.configureLogging();
      out.println(Machine.describe());
      return scorer.equals("ngram")
          ? new NgramBench(out, model, inputs, seconds, common.master,
              kenlm == null ? null : KenLm.at(kenlm, "query", "build_binary")).run()
          : new LmBench(out, model, load(inputs), seconds, common.master).run();
    }
    var specs = PipelineConfig.resolve(List.of(scorer), null, confs);
    List<Document> docs = load(inputs);
    out.println(Machine.describe());
    long bytes = 0;
    for (Document d : docs) {
      bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
    }
    out.printf("bench %s: %d documents, %.1f MB of text%n", scorer, docs.size(), bytes / 1e6);

    try (Scorer s = specs.get(0).create()) {
      s.open(new ScorerContext(specs.get(0).config(), 0));
      // the first measurement warms up as long as it measures: on a 2-core machine the JIT's second tier is
      // still compiling the scorer 3 s in, and the first figure read 20-30% under those taken after it
      runFor(s, docs, seconds);
      double before = inProcess(s, docs, seconds);
      out.printf("in-process (1 thread): %,.0f docs/s, %.2f MB/s per core (%.1fx datatrove's %.0f docs/s)%n",
          before, before * bytes / docs.size() / 1e6, before / DATATROVE_DOCS_PER_S, DATATROVE_DOCS_PER_S);

      common.configureLogging();
      try (SparkBench bench = new SparkBench(common.master, "winnow-bench")) {
        int times = repeat > 0 ? repeat : (int) Math.max(1, Math.ceil(SHARD_DOCS / docs.size()));
        ScoreOptions o = new ScoreOptions().output(bench.dir.resolve("out").toString()).scorers(specs);
        o.inputs = List.of(shard(inputs, times, bench.dir).toString());
        o.batchSize = batchSize;
        // the VM's speed drifts by tens of percent within a minute: each run is set against the in-process
        // rate measured just before and just after it, and the median of the runs is reported
        List<Double> around = new ArrayList<>();
        double aside = Math.max(2, seconds / 3);
        List<SparkBench.Run> runs = bench.runs(o, WARMUP_RUNS, MEASURED_RUNS,
            () -> around.add(inProcess(s, docs, aside)));
        long scored = runs.get(0).manifest().counts().scored();
        double[] overhead = new double[runs.size()];
        double[] whole = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
          double inProcess = (around.get(i) + around.get(i + 1)) / 2;
          overhead[i] = inProcess / (scored / runs.get(i).stageSeconds() / bench.cores) - 1;
          whole[i] = inProcess / (scored / runs.get(i).totalSeconds() / bench.cores) - 1;
        }
        SparkBench.Run median = SparkBench.median(runs);
        double t = median.stageSeconds();
        out.printf("spark job (%s, read + score + write Parquet; median of %d runs after %d warm-up runs): %,.0f "
            + "docs/s, %.2f MB/s per core over %d docs%n", bench.master, runs.size(), WARMUP_RUNS,
            scored / t / bench.cores, times * (double) bytes / t / bench.cores / 1e6, scored);
        out.printf("in-process beside the runs: %s docs/s%n", String.join(", ",
            around.stream().map(r -> String.format("%,.0f", r)).toList()));
        out.printf("spark job overhead over in-process: %.1f%% (median; runs %s)%n", 100 * SparkBench.median(overhead),
            percents(overhead));
        out.printf("whole score run overhead over in-process: %.1f%% (median; runs %s)%n", 100 * SparkBench.median(whole),
            percents(whole));
        SparkBench.printSplit(out, median, scored, "docs");
      }
    }
    return 0;
  }

  private static String percents(double[] values) {
    return String.join(", ", java.util.Arrays.stream(values).mapToObj(v -> String.format("%.1f%%", 100 * v)).toList());
  }

  private double inProcess(Scorer s, List<Document> docs, double secs) {
    runFor(s, docs, Math.min(3, secs / 3));
    long n = 0;
    long t = System.nanoTime();
    double elapsed;
    do {
      for (int i = 0; i < docs.size(); i += batchSize) {
        s.score(docs.subList(i, Math.min(docs.size(), i + batchSize)));
      }
      n++;
      elapsed = (System.nanoTime() - t) / 1e9;
    } while (elapsed < secs);
    return n * docs.size() / elapsed;
  }

  /**
   * One shard holding {@code times} copies of the inputs, as a real shard is one large file: many small
   * files would measure Spark's per-task cost instead. Gzip members and JSONL lines both concatenate.
   */
  private static Path shard(List<String> inputs, int times, Path dir) throws java.io.IOException {
    List<InputFile> files = InputResolver.resolve(inputs, null, new Configuration());
    String name = files.get(0).path();
    InputFormat.Compression compression = InputFormat.compressionOf(name);
    for (InputFile f : files) {
      if (f.format() != InputFormat.JSONL || InputFormat.compressionOf(f.path()) != compression) {
        throw new ConfigException("Cannot bench: inputs must all be JSONL with the same compression");
      }
    }
    Path shard = dir.resolve("shard" + name.substring(name.indexOf('.', name.lastIndexOf('/'))));
    try (var out = Files.newOutputStream(shard)) {
      for (int i = 0; i < times; i++) {
        for (InputFile f : files) {
          out.write(Files.readAllBytes(Path.of(java.net.URI.create(f.path()))));
        }
      }
    }
    return shard;
  }

  /** A JSONL shard of the texts, {@code times} over, with ids {@code d0, d1, ...}, for the benches' Spark runs. */
  static void writeJsonl(Path shard, List<String> texts, int times) throws java.io.IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (java.io.Writer w = Files.newBufferedWriter(shard)) {
      int n = 0;
      for (int r = 0; r < times; r++) {
        for (String text : texts) {
          var o = json.createObjectNode();
          o.put("id", "d" + n++);
          o.put("text", text);
          w.write(json.writeValueAsString(o));
          w.write('\n');
        }
      }
    }
  }

  private static void runFor(Scorer s, List<Document> docs, double secs) {
    long end = System.nanoTime() + (long) (secs * 1e9);
    while (System.nanoTime() < end) {
      s.score(docs.subList(0, Math.min(docs.size(), 256)));
    }
  }

  static List<Document> load(List<String> inputs) {
    Configuration conf = new Configuration();
    ReadOptions read = ReadOptions.defaults();
    List<InputFile> files = InputResolver.resolve(inputs, null, conf);
    List<Document> docs = new ArrayList<>();
    for (InputSplit split : InputResolver.splits(files, read)) {
      try (ShardReader r = new ShardReader(split, read, conf)) {
        while (r.hasNext()) {
          ParsedRecord p = r.next();
          if (p.kind == ParsedRecord.Kind.DOC) {
            docs.add(new Document(p.id, p.source, p.text));
          }
        }
      }
    }
    return docs;
  }

  static void deleteRecursively(Path p) throws java.io.IOException {
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
