package dev.winnow.scorers.lm;

import dev.winnow.scorers.ModelCache;
import java.nio.file.Path;

/**
 * LMs loaded once per JVM ({@link ModelCache}, keyed by the weights file, so a retrained model is loaded
 * afresh) and shared by an executor's tasks, each of which makes its own predictor.
 */
public final class LmModels {
  private static final ModelCache<ScoringLm> LOADED = new ModelCache<>();

  private LmModels() {
  }

  /**
   * The model in {@code dir}, loading it on first use: a Winnow model (config.json, lm-0000.params) or an
   * external one (model.pt or model.onnx with tokenizer.json). {@code threads} is ONNX Runtime's per session,
   * fixed by the first load in a JVM, as PyTorch's is by its engine start.
   */
  public static ScoringLm get(Path dir, int threads) {
    Path external = ExternalLm.modelFile(dir);
    if (external != null) {
      return LOADED.get(external, f -> ExternalLm.load(dir, f, threads));
    }
    if (!WinnowLm.isIn(dir)) {
      throw new IllegalArgumentException("Cannot load LM " + dir + ": no config.json and lm-0000.params (train one "
          + "with winnow train-lm), nor model.pt or model.onnx with a tokenizer.json");
    }
    return LOADED.get(WinnowLm.weights(dir), w -> WinnowLm.load(dir));
  }
}
