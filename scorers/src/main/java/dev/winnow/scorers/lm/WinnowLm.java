package dev.winnow.scorers.lm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model written by {@code winnow train-lm}: {@code config.json} and {@code lm-0000.params}, byte tokens. */
final class WinnowLm implements ScoringLm {
  private final Model model;
  private final int context;

  private WinnowLm(Model model, int context) {
    this.model = model;
    this.context = context;
  }

  static Path weights(Path dir) {
    return dir.resolve(LmTraining.NAME + "-0000.params");
  }

  static boolean isIn(Path dir) {
    return Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(weights(dir));
  }

  static WinnowLm load(Path dir) {
    try {
      LmConfig c = LmConfig.read(dir.resolve("config.json"));
      Model model = Model.newInstance(LmTraining.NAME, Device.cpu(), "PyTorch");
      model.setBlock(new CausalTransformer(c));
      model.load(dir, LmTraining.NAME);
      return new WinnowLm(model, c.context());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load LM " + dir + ": " + e.getMessage(), e);
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException("Cannot load LM " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public int context() {
    return context;
  }

  @Override
  public int bos() {
    return ByteTokenizer.BOS;
  }

  @Override
  public Tokens encode(String text) {
    int[] ids = ByteTokenizer.encode(text);
    return new Tokens(ids, ids.length);
  }
}
