package dev.winnow.scorers.lm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model written by {@code winnow train-lm}: {@code config.json}, {@code lm-0000.params}, and the
 * {@code tokenizer.json} it was trained with unless it is byte-level.
 */
record WinnowLm(Model model, int context, LmTokenizer tokenizer) implements ScoringLm {

  /** The tokenizer {@code config} names, from {@code dir}. */
  static LmTokenizer tokenizer(LmConfig config, Path dir) {
    if (config.tokenizer().equals(ByteTokenizer.NAME)) {
      return ByteTokenizer.INSTANCE;
    }
    LmTokenizer t = HfTokenizer.load(dir.resolve(config.tokenizer()));
    if (t.vocab() != config.vocab()) {
      throw new IllegalArgumentException("Cannot load LM " + dir + ": its " + config.tokenizer() + " has "
          + (t.vocab() - 1) + " tokens, the model " + (config.vocab() - 1));
    }
    return t;
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
      return new WinnowLm(model, c.context(), tokenizer(c, dir));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load LM " + dir + ": " + e.getMessage(), e);
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException("Cannot load LM " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int bos() {
    return tokenizer.bos();
  }

  @Override
  public Tokens encode(String text) {
    int[] ids = tokenizer.ids(text);
    // byte tokens are their own byte count
    int bytes = tokenizer == ByteTokenizer.INSTANCE ? ids.length : text.getBytes(StandardCharsets.UTF_8).length;
    return new Tokens(ids, bytes);
  }
}
