package dev.winnow.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputResolver;
import dev.winnow.jobs.io.ParsedRecord;
import dev.winnow.jobs.io.ReadOptions;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.ngram.ArpaWriter;
import dev.winnow.scorers.ngram.KneserNey;
import dev.winnow.scorers.ngram.NgramBinary;
import dev.winnow.scorers.ngram.NgramCounts;
import dev.winnow.scorers.ngram.ReferenceSplit;
import dev.winnow.scorers.ngram.ShardCounts;
import dev.winnow.scorers.ngram.TextPrep;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple3;

/**
 * {@code winnow train-ngram}: counts n-grams of every order as a Spark job and estimates an interpolated
 * modified Kneser-Ney model exactly as KenLM's lmplz does, written as an ARPA file, Winnow's binary form
 * ({@code .wngram}, which loads without parsing) and a JSON model card (text preparation, split, provenance).
 *
 * <p>Counting is distributed: one pass over the input reads each partition's sentences over a vocabulary of
 * its own ({@link ShardCounts}), then each partition counts its n-grams by sorting, in the corpus vocabulary's
 * word order, and the driver merges the sorted counts in sequential passes. The estimation runs on the driver
 * over the merged counts, so the distinct n-grams of all orders must fit in driver memory (about 60-70 bytes
 * each while estimating).
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
    /** lmplz's --discount_fallback: orders whose discounts cannot be estimated get fixed ones instead of failing. */
    public boolean discountFallback = false;
  }

  /** What was trained: the files written and the figures of the card. */
  public record Result(String arpa, String card, long documents, long lines, long tokens, long[] ngrams,
      Map<String, Double> seconds) {
  }

  public static Result run(SparkSession spark, Options o) {
    if (o.order < 1 || o.order > 9) {
      throw new ConfigException("Cannot train n-gram model: --order must be between 1 and 9, got " + o.order);
    }
    TrainingSplit.check("n-gram model", o.referenceFraction);
    if (o.output == null || !o.output.matches(".*\\.arpa(\\.gz)?$")) {
      throw new ConfigException("Cannot train n-gram model: --output must name an .arpa or .arpa.gz file, got '"
          + o.output + "'");
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<InputFile> files = InputResolver.resolve(o.inputs, o.read.format(), hadoop);
    JavaRDD<ParsedRecord> read = ScoreJob.records(spark, files, o.read, hadoop);
    int cores = spark.sparkContext().defaultParallelism();
    double fraction = o.referenceFraction;
    long seed = o.seed;
    TextPrep prep = o.prep;
    int order = o.order;
    // what counting needs of each document: its text when it is in the training split, else "" (documents
    // are never blank), so a shuffle moves strings rather than whole records
    JavaRDD<String> texts = read.filter(r -> r.kind == ParsedRecord.Kind.DOC)
        .map(r -> ReferenceSplit.inReference(r.id, seed, fraction) ? r.text : "");
    // fewer splits than cores (a small .gz, one short file; a large .gz is cut into ranges already): spread
    // the documents so that every core counts
    if (read.getNumPartitions() < cores) {
      texts = texts.repartition(cores);
    }
    // one pass over the input: each partition reads its sentences as word ids over a vocabulary of its own;
    // the driver builds the corpus vocabulary from the partitions' word frequencies, each partition then counts
    // its n-grams by sorting, in corpus word order, and the driver merges the sorted counts as they arrive
    // (holding about twice the merged counts at most, and no spark.driver.maxResultSize applies)
    JavaRDD<ShardCounts> shards = texts.mapPartitions(it -> {
      ShardCounts c = new ShardCounts(order);
      while (it.hasNext()) {
        String text = it.next();
        c.documents++;
        if (!text.isEmpty()) {
          c.counted++;
          c.addText(text, prep);
        }
      }
      return List.of(c).iterator();
    }).persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<NgramCounts> counted = null;
    try {
      List<Tuple3<String, long[], long[]>> perShard = shards.map(c -> new Tuple3<>(c.wordLines(), c.frequencies(),
          new long[] {c.documents, c.counted})).collect();
      List<String[]> shardWords = new ArrayList<>();
      List<long[]> shardFrequencies = new ArrayList<>();
      long allDocuments = 0;
      long documents = 0;
      for (Tuple3<String, long[], long[]> s : perShard) {
        shardWords.add(ShardCounts.wordsOf(s._1()));
        shardFrequencies.add(s._2());
        allDocuments += s._3()[0];
        documents += s._3()[1];
      }
      ShardCounts.Vocabulary vocabulary = ShardCounts.vocabulary(shardWords, shardFrequencies);
      String[] vocab = vocabulary.words();
      long tokens = vocabulary.tokens();
      // each partition gets its own map to corpus ids (a slice of its own), not all of them in a broadcast
      List<int[]> mappings = new ArrayList<>();
      for (int i = 0; i < shardWords.size(); i++) {
        mappings.add(vocabulary.mapping(i));
      }
      JavaRDD<int[]> toCorpus = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(mappings, mappings.size());
      counted = shards.zipPartitions(toCorpus, (c, m) -> List.of(c.next().count(m.next())).iterator())
          .persist(StorageLevel.MEMORY_AND_DISK());
      counted.count();
      shards.unpersist(false);
      seconds.put("count", ScoreJob.seconds(t0));

      long t1 = System.nanoTime();
      // a stack of merged runs, each at least twice the size of the one above it (a binary counter): every
      // n-gram is copied O(log shards) times, not once per shard after it
      List<NgramCounts> runs = new ArrayList<>();
      PartitionFetch.each(counted, cores, part -> {
        runs.add(part);
        while (runs.size() > 1 && 2 * runs.get(runs.size() - 1).ngrams() >= runs.get(runs.size() - 2).ngrams()) {
          runs.add(NgramCounts.mergeSorted(runs.remove(runs.size() - 2), runs.remove(runs.size() - 1)));
        }
      });
      while (runs.size() > 1) {
        runs.add(NgramCounts.mergeSorted(runs.remove(runs.size() - 2), runs.remove(runs.size() - 1)));
      }
      NgramCounts counts = runs.get(0);
      counted.unpersist(false);
      int sentenceStarts = counts.table(1).find(new int[] {ShardCounts.BOS}, 0);
      long lineCount = sentenceStarts < 0 ? 0 : counts.table(1).count(sentenceStarts);
      seconds.put("merge", ScoreJob.seconds(t1));
      if (lineCount == 0) {
        throw new ConfigException("Cannot train n-gram model: no text in the selected documents");
      }

      long t2 = System.nanoTime();
      KneserNey kn = new KneserNey(vocab, ShardCounts.BOS, counts, o.discountFallback).estimate();
      seconds.put("estimate", ScoreJob.seconds(t2));

      long t3 = System.nanoTime();
      Path arpa = new Path(o.output);
      Path card = new Path(arpa.getParent(), base(arpa) + ".json");
      FileSystem fs = arpa.getFileSystem(hadoop);
      fs.setWriteChecksum(false); // no .crc files beside the model on a local disk
      Path tmp = new Path(arpa.getParent(), "." + arpa.getName() + ".tmp");
      // both files at once, the binary on a thread of its own: each has stretches on one core (the binary's
      // largest orders filling their tables, its bytes written; the ARPA file's windows written in order)
      // that the other's work fills
      Path binary = new Path(arpa.getParent(), base(arpa) + ".wngram");
      java.util.concurrent.CompletableFuture<Double> binaryDone = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> {
            try (OutputStream b = fs.create(binary, true)) {
              NgramBinary.write(kn.toModel(), b);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return ScoreJob.seconds(t3);
          }, r -> {
            Thread t = new Thread(r, "winnow-write-binary");
            t.setDaemon(true);
            t.start();
          });
      try (OutputStream raw0 = fs.create(tmp, true);
           OutputStream z = arpa.getName().endsWith(".gz") ? new GZIPOutputStream(raw0, 1 << 16) : raw0) {
        ArpaWriter.write(kn, z);
      }
      seconds.put("write_arpa", ScoreJob.seconds(t3));
      try {
        seconds.put("write_binary", binaryDone.join());
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      fs.delete(arpa, false);
      if (!fs.rename(tmp, arpa)) {
        throw new IOException("rename " + tmp + " -> " + arpa + " failed");
      }
      long[] ngrams = new long[order];
      Map<String, Object> perOrder = new LinkedHashMap<>();
      Map<String, Object> discounts = new LinkedHashMap<>();
      for (int n = 1; n <= order; n++) {
        ngrams[n - 1] = kn.ngrams(n);
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
      c.putAll(TrainingSplit.provenance(o.inputs, o.separateReference, fraction, seed));
      c.put("documents", Map.of("read", allDocuments, "trained_on", documents));
      c.put("lines", lineCount);
      c.put("tokens", tokens + lineCount);
      c.put("vocabulary", vocab.length);
      c.put("ngrams", perOrder);
      c.put("discounts", discounts);
      c.put("discount_fallback", kn.fallbackOrders());
      c.put("seconds", seconds);
      Outputs.writeString(fs, card, JSON.writeValueAsString(c));
      return new Result(arpa.toString(), card.toString(), documents, lineCount, tokens + lineCount, ngrams, seconds);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write n-gram model " + o.output + ": " + e.getMessage(), e);
    } finally {
      shards.unpersist(false);
      if (counted != null) {
        counted.unpersist(false);
      }
    }
  }
}
