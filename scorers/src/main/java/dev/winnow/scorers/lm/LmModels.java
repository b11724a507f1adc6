package dev.winnow.scorers.lm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Winnow-trained LMs loaded once per JVM (a Spark executor's) and shared by its tasks, each of which makes
 * its own predictor. Models stay loaded for the JVM's life, as the executor runs task after task.
 */
public final class LmModels {
  private static final Map<String, Model> LOADED = new ConcurrentHashMap<>();

  private LmModels() {
  }

  /** The model in {@code dir} ({@code config.json} and {@code lm-0000.params}), loading it on first use. */
  public static Model get(Path dir) {
    return LOADED.computeIfAbsent(dir.toAbsolutePath().normalize().toString(), k -> load(dir));
  }

  private static Model load(Path dir) {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("Cannot load LM " + dir + ": no config.json there (train one with "
          + "winnow train-lm)");
    }
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
