package dev.winnow.scorers.lm;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A Hugging Face {@code tokenizer.json}, run by the Rust library DJL ships. Special tokens, truncation and
 * padding are left to the LM code, which adds its BOS and cuts windows itself. As a Winnow model's tokenizer
 * its BOS is one id past the file's vocabulary, so no text can produce it.
 */
public final class HfTokenizer implements LmTokenizer {
  public static final String FILE = "tokenizer.json";

  private final HuggingFaceTokenizer tokenizer;
  private final int size;
  private final Path file;

  private HfTokenizer(HuggingFaceTokenizer tokenizer, int size, Path file) {
    this.tokenizer = tokenizer;
    this.size = size;
    this.file = file;
  }

  /** Loads {@code file}; an unreadable or invalid file is an IllegalArgumentException saying so. */
  public static HfTokenizer load(Path file) {
    try {
      HuggingFaceTokenizer t = HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(false)
          .optTruncation(false).optPadding(false).build();
      return new HfTokenizer(t, size(new ObjectMapper().readTree(file.toFile())), file);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
  }

  /** One past the highest id of the model's vocabulary and the added tokens. */
  private static int size(JsonNode json) {
    int max = -1;
    JsonNode vocab = json.path("model").path("vocab");
    if (vocab.isArray()) {
      max = vocab.size() - 1; // Unigram: [piece, score] pairs, the id is the position
    } else {
      for (JsonNode id : vocab) {
        max = Math.max(max, id.asInt());
      }
    }
    for (JsonNode added : json.path("added_tokens")) {
      max = Math.max(max, added.path("id").asInt());
    }
    if (max < 0) {
      throw new IllegalArgumentException("no vocabulary in model.vocab");
    }
    return max + 1;
  }

  /** The file it was loaded from. */
  public Path file() {
    return file;
  }

  public Encoding encoding(String text) {
    return tokenizer.encode(text, false, false);
  }

  /** The id of {@code token} when the tokenizer makes it one token, else -1. */
  public int idOf(String token) {
    long[] ids = encoding(token).getIds();
    return ids.length == 1 ? Math.toIntExact(ids[0]) : -1;
  }

  @Override
  public int[] ids(String text) {
    return toInts(encoding(text).getIds());
  }

  static int[] toInts(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public int bos() {
    return size;
  }

  @Override
  public int vocab() {
    return size + 1;
  }

  @Override
  public String name() {
    return FILE;
  }
}
