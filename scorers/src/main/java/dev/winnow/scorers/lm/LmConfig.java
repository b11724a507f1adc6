package dev.winnow.scorers.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shape of a Winnow-trained LM, stored as {@code config.json} beside its weights. The defaults are
 * sized for CPUs: 2 layers of width 128 with 4 heads over 256 bytes of context is about 0.5M parameters,
 * which trains at thousands of bytes per second per core and scores faster than the text can be read.
 */
public record LmConfig(int layers, int width, int heads, int context, int vocab, String tokenizer) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static LmConfig defaults() {
    return new LmConfig(2, 128, 4, 256, ByteTokenizer.VOCAB, ByteTokenizer.NAME);
  }

  public LmConfig {
    if (layers < 1 || width < 8 || heads < 1 || width % heads != 0 || context < 2 || vocab < 2) {
      throw new IllegalArgumentException("Cannot build LM: layers >= 1, width >= 8 and divisible by heads, "
          + "context >= 2 are required, got layers=" + layers + " width=" + width + " heads=" + heads
          + " context=" + context);
    }
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  public static LmConfig read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), LmConfig.class);
  }
}
