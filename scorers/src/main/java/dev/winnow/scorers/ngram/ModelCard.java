package dev.winnow.scorers.ngram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON card Winnow writes beside a model it trains ({@code MODEL.json} next to {@code MODEL.arpa.gz}):
 * how the text was prepared, and the training provenance. KenLM's own ARPA files have none.
 */
public record ModelCard(String normalize, String tokenizer, JsonNode provenance) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static Path pathFor(Path model) {
    String name = model.getFileName().toString().replaceAll("\\.(arpa(\\.gz)?|wngram)$", "");
    return model.resolveSibling(name + ".json");
  }

  /** The card beside {@code model}, or null when there is none (a KenLM file, say). */
  public static ModelCard beside(Path model) {
    Path card = pathFor(model);
    if (!Files.isRegularFile(card)) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(card.toFile());
      return new ModelCard(n.path("normalize").asText("none"), n.path("tokenizer").asText("whitespace"), n);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model card " + card + ": " + e.getMessage(), e);
    }
  }
}
