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
 * Perplexity of each document under a causal LM: a Winnow-trained one (see {@code winnow train-lm}), or an
 * external TorchScript or ONNX one with its Hugging Face tokenizer.json ({@link ExternalLm}).
 *
 * <p>Window policy: a document's tokens are cut into consecutive windows of the context length; each window
 * is scored from a fresh start (the BOS token, then its own earlier tokens), so every token is scored exactly
 * once and nothing is truncated, at the cost of less context for the first tokens of each window. A model
 * without a BOS token starts each window from the token before it instead, and a document's first token is
 * context only. Full-length windows of all the batch's documents run together, {@code batch} at a time; each
 * shorter last window runs alone: nothing is padded.
 */
public final class LmScorer implements Scorer {
  static final Param<String> MODEL = Param.ofString("model",
      "Directory of a model written by winnow train-lm (config.json and lm-0000.params), or of an external "
          + "causal LM (model.pt or model.onnx, tokenizer.json, optional tokenizer_config.json and config.json), "
          + "readable by every executor", "", true);
  static final Param<Integer> CONTEXT = Param.ofInt("context",
      "Window length in tokens; 0 takes the model's own (an external model's from n_positions, "
          + "max_position_embeddings or n_ctx in its config.json)", 0, 0, 1 << 20);
  static final Param<Integer> BATCH = Param.ofInt("batch", "Full-length windows per forward pass", 8, 1, 4096);
  static final Param<Integer> THREADS = Param.ofInt("threads",
      "PyTorch threads per JVM, set before the engine starts, and ONNX Runtime threads per model (one per Spark "
          + "task slot is fastest on CPU)", 1, 1, 256);

  private Predictor<WindowTranslator.Windows, float[]> predictor;
  private ScoringLm lm;
  private int context;
  private int batch;

  @Override
  public String name() {
    return "lm";
  }

  @Override
  public String version() {
    return "1.1.0";
  }

  @Override
  public List<Param<?>> params() {
    return List.of(MODEL, CONTEXT, BATCH, THREADS);
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
      this.lm = LmModels.get(dir, context.config().get(THREADS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    int asked = context.config().get(CONTEXT);
    if (lm.context() == 0 && asked == 0) {
      throw new ConfigException("Cannot load LM " + dir + ": its config.json gives no window length "
          + "(n_positions, max_position_embeddings or n_ctx); set lm.context");
    }
    if (lm.context() > 0 && asked > lm.context()) {
      throw new ConfigException("Cannot use lm.context=" + asked + ": the model at " + dir + " takes at most "
          + lm.context() + " tokens");
    }
    this.context = asked > 0 ? asked : lm.context();
    this.predictor = lm.model().newPredictor(new WindowTranslator(lm.inputNames()));
    this.batch = context.config().get(BATCH);
  }

  @Override
  public List<Object[]> score(List<Document> docs) {
    int n = docs.size();
    List<int[]> ids = new ArrayList<>(n);
    long[] bytes = new long[n];
    for (int d = 0; d < n; d++) {
      ScoringLm.Tokens t = lm.encode(docs.get(d).text());
      ids.add(t.ids());
      bytes[d] = t.scoredBytes();
    }
    double[] logProb = new double[n];
    long[] tokens = new long[n];
    for (WindowTranslator.Batch b : WindowTranslator.batches(ids, context, lm.bos(), batch)) {
      float[] lp;
      try {
        lp = predictor.predict(b.windows());
      } catch (TranslateException e) {
        throw new IllegalStateException("Cannot score with LM: " + e.getMessage(), e);
      }
      for (int r = 0; r < lp.length; r++) {
        logProb[b.owners()[r]] += lp[r];
        tokens[b.owners()[r]] += b.windows().length();
      }
    }
    List<Object[]> out = new ArrayList<>(n);
    for (int d = 0; d < n; d++) {
      if (tokens[d] == 0) {
        out.add(new Object[] {null, null, 0L});
      } else {
        out.add(new Object[] {Math.exp(-logProb[d] / tokens[d]), -logProb[d] / Math.log(2) / bytes[d], tokens[d]});
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
