package dev.winnow.scorers.lm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link CausalTransformer} on byte tokens with DJL's PyTorch engine: random windows of the
 * training text (documents joined, each after a BOS token), Adam, cross-entropy on every next token.
 * Batches are drawn from a generator seeded by (seed, step), so a run resumed from its checkpoint sees the
 * batches it would have seen; Adam's moments are not checkpointed and restart from zero on resume.
 */
public final class LmTraining {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NAME = "lm";

  /** What {@link #train} is asked to do. */
  public static final class Options {
    public LmConfig config = LmConfig.defaults();
    /** Must be the one {@code config} names; a tokenizer.json is copied beside the weights. */
    public LmTokenizer tokenizer = ByteTokenizer.INSTANCE;
    public int steps = 2000;
    public int batch = 16;
    public float learningRate = 2e-3f;
    public long seed = 0;
    /** Stop (with a checkpoint) after this long even if steps remain; 0 for no limit. */
    public double maxSeconds = 0;
    public int checkpointEvery = 200;
    public int logEvery = 50;
  }

  /**
   * The figures of a finished (or time-limited) run; losses and the validation text's unigram entropy in
   * nats per token, and the validation loss in bits per UTF-8 byte.
   */
  public record Result(int steps, long tokensSeen, double trainLoss, double validationLoss,
      double validationBitsPerByte, double seconds, boolean resumed, long parameters, long trainingBytes,
      double validationUnigramEntropy) {
  }

  private LmTraining() {
  }

  /**
   * Trains on {@code train}, measures on {@code validation}, and writes {@code config.json} and the weights
   * ({@code lm-0000.params}) to {@code dir}, checkpointing into {@code dir/checkpoint} as it goes.
   */
  public static Result train(List<String> train, List<String> validation, Options o, Path dir, PrintWriter log) {
    if (o.tokenizer.vocab() != o.config.vocab() || !o.tokenizer.name().equals(o.config.tokenizer())) {
      throw new IllegalArgumentException("Cannot train LM: the config names tokenizer " + o.config.tokenizer()
          + " with " + o.config.vocab() + " ids, the tokenizer given is " + o.tokenizer.name() + " with "
          + o.tokenizer.vocab());
    }
    int[] trainStream = stream(train, o.tokenizer);
    int[] valStream = stream(validation, o.tokenizer);
    // nats per token to bits per byte, over the text's own tokens (not the BOS between documents)
    double bitsPerByte = (valStream.length - validation.size()) / (double) utf8Bytes(validation) / Math.log(2);
    int ctx = o.config.context();
    if (trainStream.length < ctx + 2 || valStream.length < ctx + 2) {
      throw new IllegalArgumentException("Cannot train LM: need more than " + (ctx + 1) + " tokens of training and "
          + "of validation text, got " + trainStream.length + " and " + valStream.length);
    }
    Engine.getEngine("PyTorch").setRandomSeed((int) o.seed);
    long t0 = System.nanoTime();
    Path checkpoint = dir.resolve("checkpoint");
    try (Model model = Model.newInstance(NAME, Device.cpu(), "PyTorch")) {
      CausalTransformer block = new CausalTransformer(o.config);
      model.setBlock(block);
      // loaded before the trainer exists: it keeps the parameter arrays it finds when it is created
      int start = resume(model, checkpoint, o);
      DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
          .optOptimizer(Adam.builder().optLearningRateTracker(schedule(o, start)).optClipGrad(1f).build())
          .optDevices(new Device[] {Device.cpu()});
      boolean resumed = start > 0;
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(o.batch, ctx));
        if (resumed) {
          log.printf("resuming from step %d (%s)%n", start, checkpoint);
        }
        log.printf("model: %d layers, width %d, %d heads, context %d: %,d parameters; %,d training and %,d validation "
            + "tokens%n", o.config.layers(), o.config.width(), o.config.heads(), ctx, block.parameterCount(),
            trainStream.length, valStream.length);
        double trainLoss = Double.NaN;
        double smoothed = Double.NaN;
        double val = Double.NaN;
        int step = start;
        long tokens = 0;
        long lastLog = System.nanoTime();
        long tokensAtLog = 0;
        while (step < o.steps) {
          try (NDManager batch = trainer.getManager().newSubManager()) {
            NDList xy = sample(batch, trainStream, o.batch, ctx, new SplittableRandom(o.seed * 1_000_003L + step));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray logits = trainer.forward(new NDList(xy.get(0))).singletonOrThrow();
              NDArray loss = crossEntropy(logits, xy.get(1));
              gc.backward(loss);
              trainLoss = loss.getFloat();
            }
            trainer.step();
          }
          step++;
          val = Double.NaN; // measured again only if this step is logged
          tokens += (long) o.batch * ctx;
          smoothed = Double.isNaN(smoothed) ? trainLoss : 0.95 * smoothed + 0.05 * trainLoss;
          boolean outOfTime = o.maxSeconds > 0 && (System.nanoTime() - t0) / 1e9 >= o.maxSeconds;
          if (step % o.logEvery == 0 || step == o.steps || outOfTime) {
            val = validate(model, valStream, ctx);
            double dt = (System.nanoTime() - lastLog) / 1e9;
            log.printf("step %d/%d  %,.0f tokens/s  train loss %.4f  validation loss %.4f (%.3f bits/byte)%n", step,
                o.steps, (tokens - tokensAtLog) / dt, smoothed, val, val * bitsPerByte);
            log.flush();
            lastLog = System.nanoTime();
            tokensAtLog = tokens;
          }
          if (step % o.checkpointEvery == 0 || step == o.steps || outOfTime) {
            save(model, checkpoint, step, o);
          }
          if (outOfTime) {
            break;
          }
        }
        if (Double.isNaN(val)) {
          val = validate(model, valStream, ctx);
        }
        o.config.write(dir.resolve("config.json"));
        if (o.tokenizer instanceof HfTokenizer hf) {
          Files.copy(hf.file(), dir.resolve(HfTokenizer.FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        model.setProperty("Epoch", "0");
        model.save(dir, NAME);
        return new Result(step, tokens, smoothed, val, val * bitsPerByte, (System.nanoTime() - t0) / 1e9, resumed,
            block.parameterCount(), utf8Bytes(train), unigramEntropy(valStream, o.config.vocab()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write LM to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Linear warm-up over the first tenth of the steps (at most 100), then cosine decay to a tenth of the peak
   * at the last step, by the absolute step so that a resumed run continues the schedule: the usual recipe for
   * small transformers, and at a fixed step budget it ends lower than a constant rate.
   */
  static Tracker schedule(Options o, int start) {
    int warmup = Math.max(1, Math.min(100, o.steps / 10));
    float peak = o.learningRate;
    return updates -> {
      int step = start + Math.max(0, updates - 1);
      if (step < warmup) {
        return peak * (step + 1) / warmup;
      }
      double progress = Math.min(1, (double) (step - warmup) / Math.max(1, o.steps - warmup));
      return (float) (peak / 10 + (peak - peak / 10) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    };
  }

  /** The engine that trains and runs the models, with versions, for model cards. */
  public static String engine() {
    return "DJL " + Engine.getDjlVersion() + ", PyTorch " + Engine.getEngine("PyTorch").getVersion() + ", CPU";
  }

  /** Documents joined into one token stream, each after a BOS. */
  static int[] stream(List<String> docs, LmTokenizer tokenizer) {
    int n = 0;
    int[][] encoded = new int[docs.size()][];
    for (int i = 0; i < docs.size(); i++) {
      encoded[i] = tokenizer.ids(docs.get(i));
      n += encoded[i].length + 1;
    }
    int[] out = new int[n];
    int at = 0;
    for (int[] d : encoded) {
      out[at++] = tokenizer.bos();
      System.arraycopy(d, 0, out, at, d.length);
      at += d.length;
    }
    return out;
  }

  private static NDList sample(NDManager m, int[] stream, int batch, int ctx, SplittableRandom random) {
    int[] starts = new int[batch];
    for (int b = 0; b < batch; b++) {
      starts[b] = random.nextInt(stream.length - ctx - 1);
    }
    return windows(m, stream, starts, ctx);
  }

  /** Inputs {@code stream[s, s + ctx)} and their next tokens as targets, one row per start. */
  private static NDList windows(NDManager m, int[] stream, int[] starts, int ctx) {
    long[] x = new long[starts.length * ctx];
    long[] y = new long[starts.length * ctx];
    for (int b = 0; b < starts.length; b++) {
      for (int t = 0; t < ctx; t++) {
        x[b * ctx + t] = stream[starts[b] + t];
        y[b * ctx + t] = stream[starts[b] + t + 1];
      }
    }
    Shape shape = new Shape(starts.length, ctx);
    return new NDList(m.create(x, shape), m.create(y, shape));
  }

  /** Mean negative log-likelihood (nats) of the targets under the logits. */
  static NDArray crossEntropy(NDArray logits, NDArray targets) {
    return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).neg().mean();
  }

  /** Mean loss over non-overlapping windows of the validation stream, up to 64 of them, evenly spread. */
  private static double validate(Model model, int[] stream, int ctx) {
    int count = Math.min(64, (stream.length - 1) / ctx);
    int stride = (stream.length - 1 - ctx) / Math.max(1, count - 1);
    double total = 0;
    try (NDManager m = model.getNDManager().newSubManager()) {
      var ps = new ai.djl.training.ParameterStore(m, false);
      for (int w0 = 0; w0 < count; w0 += 16) {
        int[] starts = new int[Math.min(16, count - w0)];
        for (int b = 0; b < starts.length; b++) {
          starts[b] = (w0 + b) * stride;
        }
        NDList xy = windows(m, stream, starts, ctx);
        NDArray logits = model.getBlock().forward(ps, new NDList(xy.get(0)), false).singletonOrThrow();
        total += crossEntropy(logits, xy.get(1)).getFloat() * starts.length;
      }
    }
    return total / count;
  }

  private static void save(Model model, Path checkpoint, int step, Options o) throws IOException {
    Path tmp = checkpoint.resolveSibling("checkpoint.tmp");
    if (Files.exists(tmp)) {
      deleteTree(tmp);
    }
    Files.createDirectories(tmp);
    model.setProperty("Epoch", "0");
    model.save(tmp, NAME);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("step", step);
    state.put("seed", o.seed);
    state.put("config", o.config);
    state.put("batch", o.batch);
    JSON.writeValue(tmp.resolve("state.json").toFile(), state);
    if (Files.exists(checkpoint)) {
      deleteTree(checkpoint);
    }
    Files.move(tmp, checkpoint, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The step to start from: that of a checkpoint of the same configuration and seed, else 0. */
  private static int resume(Model model, Path checkpoint, Options o) throws IOException {
    Path state = checkpoint.resolve("state.json");
    if (!Files.exists(state)) {
      return 0;
    }
    var s = JSON.readTree(state.toFile());
    LmConfig saved = JSON.treeToValue(s.get("config"), LmConfig.class);
    if (!saved.equals(o.config) || s.get("seed").asLong() != o.seed || s.get("batch").asInt() != o.batch) {
      throw new IllegalArgumentException("Cannot resume LM training from " + checkpoint + ": it was started with "
          + "another configuration, seed or batch size; delete it to start over");
    }
    try {
      model.load(checkpoint, NAME);
    } catch (MalformedModelException e) {
      throw new IOException("Cannot resume from " + checkpoint + ": " + e.getMessage(), e);
    }
    return s.get("step").asInt();
  }

  private static void deleteTree(Path p) throws IOException {
    try (var walk = Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  private static long utf8Bytes(List<String> texts) {
    long n = 0;
    for (String t : texts) {
      n += t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    return n;
  }

  /** Entropy (nats per token) of the byte distribution of the texts: what a model that ignores context gets. */
  public static double unigramEntropy(List<String> texts) {
    return unigramEntropy(stream(texts, ByteTokenizer.INSTANCE), ByteTokenizer.VOCAB);
  }

  private static double unigramEntropy(int[] s, int vocab) {
    long[] counts = new long[vocab];
    for (int t : s) {
      counts[t]++;
    }
    double h = 0;
    for (long c : counts) {
      if (c > 0) {
        double p = (double) c / s.length;
        h -= p * Math.log(p);
      }
    }
    return h;
  }
}
