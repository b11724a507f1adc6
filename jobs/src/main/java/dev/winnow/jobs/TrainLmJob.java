package dev.winnow.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputResolver;
import dev.winnow.jobs.io.ParsedRecord;
import dev.winnow.jobs.io.ReadOptions;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.lm.HfTokenizer;
import dev.winnow.scorers.lm.LmTraining;
import dev.winnow.scorers.ngram.ReferenceSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * {@code winnow train-lm}: selects the training documents with Spark (any input {@code score} reads, the
 * same seeded reference split as {@code train-ngram}), then trains a small causal transformer on the driver
 * with DJL ({@link LmTraining}), and writes the model directory with a card of its provenance. The selected
 * text must fit in driver memory; a CPU-sized LM is trained on megabytes to a few gigabytes.
 */
public final class TrainLmJob {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Validation documents are chosen by the split's hash with this seed offset, apart from the reference. */
  private static final long VALIDATION_SALT = 0x76616C6964L;

  private TrainLmJob() {
  }

  /** Everything {@link #run} needs. */
  public static final class Options {
    public List<String> inputs = new ArrayList<>();
    public ReadOptions read = ReadOptions.defaults();
    public String output;
    public double referenceFraction = 1.0;
    public long seed = 0;
    public boolean separateReference = false;
    /** Share of the training documents held out to measure validation loss. */
    public double validationFraction = 0.05;
    public LmTraining.Options training = new LmTraining.Options();
  }

  public static LmTraining.Result run(SparkSession spark, Options o, PrintWriter log) {
    if (o.output == null) {
      throw new ConfigException("Cannot train LM: --output is required");
    }
    TrainingSplit.check("LM", o.referenceFraction);
    if (!(o.validationFraction > 0 && o.validationFraction < 1)) {
      throw new ConfigException("Cannot train LM: --validation-fraction must be in (0, 1), got " + o.validationFraction);
    }
    long t0 = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<InputFile> files = InputResolver.resolve(o.inputs, o.read.format(), hadoop);
    double fraction = o.referenceFraction;
    long seed = o.seed;
    double validationFraction = o.validationFraction;
    // per document read: its text when it is in the reference (else null), and whether it is held out
    List<Tuple2<String, Boolean>> selected = ScoreJob.records(spark, files, o.read, hadoop)
        .filter(r -> r.kind == ParsedRecord.Kind.DOC)
        .map(r -> ReferenceSplit.inReference(r.id, seed, fraction)
            ? new Tuple2<>(r.text, ReferenceSplit.inReference(r.id, seed ^ VALIDATION_SALT, validationFraction))
            : new Tuple2<>((String) null, false))
        .collect();
    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    for (Tuple2<String, Boolean> t : selected) {
      if (t._1() != null) {
        (t._2() ? validation : train).add(t._1());
      }
    }
    if (validation.isEmpty() && train.size() > 1) {
      validation.add(train.remove(train.size() - 1)); // too few documents for the fraction to pick one
    }
    if (train.isEmpty()) {
      throw new ConfigException("Cannot train LM: no documents selected from " + o.inputs);
    }
    double readSeconds = ScoreJob.seconds(t0);
    log.printf("selected %,d training and %,d validation documents of %,d read (%.1f s)%n", train.size(),
        validation.size(), selected.size(), readSeconds);
    Path dir = Path.of(o.output);
    try {
      Files.createDirectories(dir);
      LmTraining.Result r;
      try {
        r = LmTraining.train(train, validation, o.training, dir, log);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      Map<String, Object> card = new LinkedHashMap<>();
      card.put("kind", "winnow-lm-model");
      card.put("winnow_version", Version.WINNOW);
      card.put("created_at", Instant.now().toString());
      card.put("engine", LmTraining.engine());
      card.put("config", o.training.config);
      card.put("tokenizer", o.training.tokenizer instanceof HfTokenizer hf
          ? "tokenizer.json (from " + hf.file() + "), with id " + hf.bos() + " added to start a document"
          : "bytes: every UTF-8 byte a token (0-255), 256 starts a document");
      card.putAll(TrainingSplit.provenance(o.inputs, o.separateReference, fraction, seed));
      card.put("validation_split", "of the reference, a document whose id hashes (as above, with seed ^ "
          + VALIDATION_SALT + ") below validation_fraction is held out for validation");
      card.put("validation_fraction", validationFraction);
      card.put("documents", Map.of("read", selected.size(), "trained_on", train.size(),
          "validation", validation.size()));
      card.put("training_bytes", r.trainingBytes());
      card.put("steps", r.steps());
      card.put("batch", o.training.batch);
      card.put("learning_rate", o.training.learningRate);
      card.put("learning_rate_schedule", "linear warm-up over min(100, steps/10), cosine decay to a tenth");
      card.put("tokens_seen", r.tokensSeen());
      card.put("train_loss_nats_per_token", r.trainLoss());
      card.put("validation_loss_nats_per_token", r.validationLoss());
      card.put("validation_bits_per_byte", r.validationBitsPerByte());
      card.put("validation_unigram_entropy_nats", r.validationUnigramEntropy());
      card.put("parameters", r.parameters());
      card.put("resumed_from_checkpoint", r.resumed());
      card.put("seconds", Map.of("select", readSeconds, "train", r.seconds()));
      Files.writeString(dir.resolve("card.json"), JSON.writeValueAsString(card));
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write LM " + dir + ": " + e.getMessage(), e);
    }
  }
}
