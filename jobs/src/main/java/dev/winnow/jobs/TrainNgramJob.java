package dev.winnow.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputResolver;
import dev.winnow.jobs.io.ParsedRecord;
import dev.winnow.jobs.io.ReadOptions;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.ngram.KneserNey;
import dev.winnow.scorers.ngram.NgramBinary;
import dev.winnow.scorers.ngram.ReferenceSplit;
import dev.winnow.scorers.ngram.TextPrep;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code winnow train-ngram}: counts n-grams of every order as a Spark job and estimates an interpolated
 * modified Kneser-Ney model exactly as KenLM's lmplz does, written as an ARPA file, Winnow's binary form
 * ({@code .wngram}, which loads without parsing) and a JSON model card (text preparation, split, provenance).
 *
 * <p>Counting is distributed; the estimation runs on the driver over the collected counts, so the distinct
 * n-grams of all orders must fit in driver memory (roughly 100 bytes each).
 */
public final class TrainNgramJob {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainNgramJob() {
  }

  private static String base(Path arpa) {
    return arpa.getName().replaceAll("\\.arpa(\\.gz)?$", "");
  }

  /** Everything {@link #run} needs. */
  public static final class Options {
    public List<String> inputs = new ArrayList<>();
    public ReadOptions read = ReadOptions.defaults();
    public int order = 5;
    public String output;
    public TextPrep prep = TextPrep.NONE;
    /** Train on this fraction of the documents (by {@link ReferenceSplit}); 1 trains on all of them. */
    public double referenceFraction = 1.0;
    public long seed = 0;
    /** True when the inputs are a separate clean reference corpus (the CCNet protocol). */
    public boolean separateReference = false;
  }

  /** What was trained: the files written and the figures of the card. */
  public record Result(String arpa, String card, long documents, long lines, long tokens, long[] ngrams,
      Map<String, Double> seconds) {
  }

  public static Result run(SparkSession spark, Options o) {
    if (o.order < 1 || o.order > 9) {
      throw new ConfigException("Cannot train n-gram model: --order must be between 1 and 9, got " + o.order);
    }
    if (!(o.referenceFraction > 0 && o.referenceFraction <= 1)) {
      throw new ConfigException("Cannot train n-gram model: --reference-fraction must be in (0, 1], got "
          + o.referenceFraction);
    }
    if (o.output == null || !o.output.matches(".*\\.arpa(\\.gz)?$")) {
      throw new ConfigException("Cannot train n-gram model: --output must name an .arpa or .arpa.gz file, got '"
          + o.output + "'");
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<InputFile> files = InputResolver.resolve(o.inputs, o.read.format(), hadoop);
    JavaRDD<ParsedRecord> records = ScoreJob.records(spark, files, o.read, hadoop);
    double fraction = o.referenceFraction;
    long seed = o.seed;
    TextPrep prep = o.prep;
    // each document once: its tokenized lines when it is in the reference, none otherwise; cached, so the
    // document counts below come from the cache instead of reading and parsing the input again
    JavaRDD<List<String[]>> docs = records.filter(r -> r.kind == ParsedRecord.Kind.DOC)
        .map(r -> ReferenceSplit.inReference(r.id, seed, fraction) ? prep.lines(r.text) : (List<String[]>) null)
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<String[]> lines = docs.filter(d -> d != null).flatMap(List::iterator);
    try {
      // the vocabulary, most frequent first (ties by word), after the three special words
      List<Tuple2<String, Long>> wordCounts = lines.flatMapToPair(ws -> {
        List<Tuple2<String, Long>> out = new ArrayList<>(ws.length);
        for (String w : ws) {
          out.add(new Tuple2<>(w, 1L));
        }
        return out.iterator();
      }).reduceByKey(Long::sum).collect();
      List<Tuple2<String, Long>> sorted = new ArrayList<>(wordCounts);
      sorted.sort((a, b) -> a._2().equals(b._2()) ? a._1().compareTo(b._1()) : Long.compare(b._2(), a._2()));
      List<String> vocab = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < vocab.size(); i++) {
        ids.put(vocab.get(i), i);
      }
      long tokens = 0;
      for (Tuple2<String, Long> w : sorted) {
        tokens += w._2();
        if (!ids.containsKey(w._1())) {
          ids.put(w._1(), vocab.size());
          vocab.add(w._1());
        }
      }
      seconds.put("vocabulary", ScoreJob.seconds(t0));

      long t1 = System.nanoTime();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<Map<String, Integer>> idsB = jsc.broadcast(ids);
      int order = o.order;
      List<Tuple2<String, Long>> counted = lines.flatMapToPair(ws -> {
        Map<String, Integer> m = idsB.value();
        int[] s = new int[ws.length + 2];
        s[0] = 1;
        for (int i = 0; i < ws.length; i++) {
          s[i + 1] = m.get(ws[i]);
        }
        s[s.length - 1] = 2;
        List<Tuple2<String, Long>> out = new ArrayList<>(s.length * order);
        for (int end = 0; end < s.length; end++) {
          for (int n = 1; n <= order && end - n + 1 >= 0; n++) {
            out.add(new Tuple2<>(KneserNey.key(s, end - n + 1, n), 1L));
          }
        }
        return out.iterator();
      }).reduceByKey(Long::sum).collect();
      List<Map<String, Long>> raw = new ArrayList<>();
      for (int n = 0; n < order; n++) {
        raw.add(new HashMap<>());
      }
      for (Tuple2<String, Long> c : counted) {
        raw.get(c._1().length() / 2 - 1).put(c._1(), c._2());
      }
      long lineCount = raw.get(0).getOrDefault(KneserNey.key(new int[] {1}, 0, 1), 0L);
      long documents = docs.filter(d -> d != null).count();
      long allDocuments = docs.count();
      seconds.put("count", ScoreJob.seconds(t1));
      if (lineCount == 0) {
        throw new ConfigException("Cannot train n-gram model: no text in the selected documents");
      }

      long t2 = System.nanoTime();
      KneserNey kn = new KneserNey(order, vocab.toArray(new String[0]), 1, 0, raw).estimate();
      seconds.put("estimate", ScoreJob.seconds(t2));

      long t3 = System.nanoTime();
      Path arpa = new Path(o.output);
      Path card = new Path(arpa.getParent(), base(arpa) + ".json");
      FileSystem fs = arpa.getFileSystem(hadoop);
      fs.setWriteChecksum(false); // no .crc files beside the model on a local disk
      Path tmp = new Path(arpa.getParent(), "." + arpa.getName() + ".tmp");
      try (OutputStream raw0 = fs.create(tmp, true);
           OutputStream z = arpa.getName().endsWith(".gz") ? new GZIPOutputStream(raw0, 1 << 16) : raw0;
           Writer w = new java.io.BufferedWriter(new OutputStreamWriter(z, StandardCharsets.UTF_8), 1 << 16)) {
        kn.writeArpa(w);
      }
      fs.delete(arpa, false);
      if (!fs.rename(tmp, arpa)) {
        throw new IOException("rename " + tmp + " -> " + arpa + " failed");
      }
      Path binary = new Path(arpa.getParent(), base(arpa) + ".wngram");
      try (OutputStream b = new java.io.BufferedOutputStream(fs.create(binary, true), 1 << 16)) {
        NgramBinary.write(kn.toModel(), b);
      }
      long[] ngrams = new long[order];
      Map<String, Object> perOrder = new LinkedHashMap<>();
      Map<String, Object> discounts = new LinkedHashMap<>();
      for (int n = 1; n <= order; n++) {
        ngrams[n - 1] = kn.ngrams(n).size();
        perOrder.put(String.valueOf(n), ngrams[n - 1]);
        double[] d = kn.discounts(n);
        discounts.put(String.valueOf(n), List.of(d[1], d[2], d[3]));
      }
      seconds.put("write", ScoreJob.seconds(t3));
      seconds.put("total", ScoreJob.seconds(t0));
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("kind", "winnow-ngram-model");
      c.put("winnow_version", Version.WINNOW);
      c.put("created_at", Instant.now().toString());
      c.put("arpa", arpa.getName());
      c.put("binary", base(arpa) + ".wngram");
      c.put("order", order);
      c.put("estimation", "interpolated modified Kneser-Ney with lmplz's defaults (no pruning, uniform-interpolated "
          + "unigrams)");
      c.put("normalize", prep.label());
      c.put("tokenizer", "whitespace");
      c.put("protocol", o.separateReference ? "reference" : fraction < 1 ? "reference-fraction" : "all");
      c.put("inputs", o.inputs);
      c.put("reference_fraction", fraction);
      c.put("seed", seed);
      c.put("split", "a document is in the reference when a seeded 64-bit hash of its id, as a fraction of 2^64, "
          + "is below reference_fraction (dev.winnow.scorers.ngram.ReferenceSplit)");
      c.put("documents", Map.of("read", allDocuments, "trained_on", documents));
      c.put("lines", lineCount);
      c.put("tokens", tokens + lineCount);
      c.put("vocabulary", vocab.size());
      c.put("ngrams", perOrder);
      c.put("discounts", discounts);
      c.put("seconds", seconds);
      Outputs.writeString(fs, card, JSON.writeValueAsString(c));
      return new Result(arpa.toString(), card.toString(), documents, lineCount, tokens + lineCount, ngrams, seconds);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write n-gram model " + o.output + ": " + e.getMessage(), e);
    } finally {
      docs.unpersist();
    }
  }
}
