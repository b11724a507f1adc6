package dev.winnow.scorers.lm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.winnow.scorers.ModelCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Winnow-trained LMs loaded once per JVM ({@link ModelCache}, keyed by the weights file, so a retrained
 * model is loaded afresh) and shared by an executor's tasks, each of which makes its own predictor.
 */
public final class LmModels {
  private static final ModelCache<Model> LOADED = new ModelCache<>();

  private LmModels() {
  }

  /** The model in {@code dir} ({@code config.json} and {@code lm-0000.params}), loading it on first use. */
  public static Model get(Path dir) {
    Path weights = dir.resolve(LmTraining.NAME + "-0000.params");
    if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(weights)) {
      throw new IllegalArgumentException("Cannot load LM " + dir + ": no config.json there (train one with "
          + "winnow train-lm)");
    }
    return LOADED.get(weights, w -> load(dir));
  }

  private static Model load(Path dir) {
    Path config = dir.resolve("config.json");
    try {
      LmConfig c = LmConfig.read(config);
      Model model = Model.newInstance(LmTraining.NAME, Device.cpu(), "PyTorch");
      model.setBlock(new CausalTransformer(c));
      model.load(dir, LmTraining.NAME);
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load LM " + dir + ": " + e.getMessage(), e);
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException("Cannot load LM " + dir + ": " + e.getMessage(), e);
    }
  }
}
