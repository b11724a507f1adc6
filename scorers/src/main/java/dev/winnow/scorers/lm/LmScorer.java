package dev.winnow.scorers.lm;

import static dev.winnow.scorers.Direction.LOWER_IS_BETTER;
import static dev.winnow.scorers.Direction.NEUTRAL;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Perplexity of each document under a Winnow-trained byte-level LM (see {@code winnow train-lm}).
 *
 * <p>Window policy: a document's bytes are cut into consecutive windows of the model's context length; each
 * window is scored from a fresh start (a BOS token, then its own earlier bytes), so every byte is scored
 * exactly once and nothing is truncated, at the cost of less context for the first bytes of each window.
 * Full-length windows of all the batch's documents run together, {@code batch} at a time; each shorter last
 * window runs alone: nothing is padded.
 */
public final class LmScorer implements Scorer {
  static final Param<String> MODEL = Param.ofString("model",
      "Directory of a model written by winnow train-lm (config.json and lm-0000.params), readable by every "
          + "executor", "", true);
  static final Param<Integer> BATCH = Param.ofInt("batch", "Full-length windows per forward pass", 8, 1, 4096);
  static final Param<Integer> THREADS = Param.ofInt("threads",
      "PyTorch threads per JVM, set before the engine starts (one per Spark task slot is fastest on CPU)", 1, 1,
      256);

  private Predictor<WindowTranslator.Windows, float[]> predictor;
  private int context;
  private int batch;

  @Override
  public String name() {
    return "lm";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public List<Param<?>> params() {
    return List.of(MODEL, BATCH, THREADS);
  }

  @Override
  public List<ScoreColumn> columns() {
    return List.of(
        new ScoreColumn("ppl", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Per-token perplexity exp(-sum ln p / tokens); null for an empty text"),
        new ScoreColumn("bpb", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Bits per UTF-8 byte, -sum log2 p / bytes: comparable across tokenizers"),
        new ScoreColumn("tokens", ScoreType.LONG, NEUTRAL, "Tokens scored"));
  }

  @Override
  public void open(ScorerContext context) {
    String threads = String.valueOf(context.config().get(THREADS));
    // read once, when the PyTorch engine starts; a JVM that started it already keeps its setting
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads",
        System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    Path dir = Path.of(context.config().get(MODEL));
    try {
      var model = LmModels.get(dir);
      this.context = ((CausalTransformer) model.getBlock()).config().context();
      this.predictor = model.newPredictor(new WindowTranslator());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    this.batch = context.config().get(BATCH);
  }

  @Override
  public List<Object[]> score(List<Document> docs) {
    int n = docs.size();
    List<int[]> ids = new ArrayList<>(n);
    for (Document d : docs) {
      ids.add(ByteTokenizer.encode(d.text()));
    }
    double[] logProb = new double[n];
    for (WindowTranslator.Batch b : WindowTranslator.batches(ids, context, batch)) {
      float[] lp;
      try {
        lp = predictor.predict(b.windows());
      } catch (TranslateException e) {
        throw new IllegalStateException("Cannot score with LM: " + e.getMessage(), e);
      }
      for (int r = 0; r < lp.length; r++) {
        logProb[b.owners()[r]] += lp[r];
      }
    }
    List<Object[]> out = new ArrayList<>(n);
    for (int d = 0; d < n; d++) {
      // one token per UTF-8 byte: the token count is also the byte count of bits per byte
      long tokens = ids.get(d).length;
      if (tokens == 0) {
        out.add(new Object[] {null, null, 0L});
      } else {
        out.add(new Object[] {Math.exp(-logProb[d] / tokens), -logProb[d] / Math.log(2) / tokens, tokens});
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (predictor != null) {
      predictor.close();
      predictor = null;
    }
  }
}
