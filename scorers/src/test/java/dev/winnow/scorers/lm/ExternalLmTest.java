package dev.winnow.scorers.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The external-model path against PyTorch itself: {@code scripts/make_external_lm.py} trained a tiny causal LM,
 * exported it as TorchScript and ONNX with a byte-level BPE tokenizer.json, and wrote the token ids and window
 * log-probabilities it computed in Python ({@code expected.json}).
 */
class ExternalLmTest {
  private static final Path MADE = Path.of("src/test/resources/external-lm");
  private static JsonNode expected;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void read() throws IOException {
    expected = new ObjectMapper().readTree(MADE.resolve("expected.json").toFile());
  }

  /** A directory holding one of the two exports with the tokenizer files, as a user would lay it out. */
  private static Path modelDir(String file, boolean withBos) throws IOException {
    Path dir = tmp.resolve(file + (withBos ? "" : "-no-bos"));
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      List<String> names = new ArrayList<>(List.of(file, "tokenizer.json", "config.json"));
      if (withBos) {
        names.add("tokenizer_config.json");
      }
      for (String n : names) {
        Files.copy(MADE.resolve(n), dir.resolve(n));
      }
    }
    return dir;
  }

  private static LmScorer open(Path dir, Map<String, String> extra) {
    LmScorer s = new LmScorer();
    Map<String, String> conf = new HashMap<>(extra);
    conf.put("model", dir.toString());
    s.open(new ScorerContext(ScorerConfig.resolve(s.name(), s.params(), conf), 0));
    return s;
  }

  private static List<Object[]> score(LmScorer s) {
    List<Document> docs = new ArrayList<>();
    for (JsonNode t : expected.get("texts")) {
      docs.add(new Document("d" + docs.size(), "test", t.get("text").asText()));
    }
    return s.score(docs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"model.pt", "model.onnx"})
  void tokenizesAndScoresAsPyTorchDoes(String file) throws IOException {
    Path dir = modelDir(file, true);
    ScoringLm lm = LmModels.get(dir, 1);
    assertEquals(expected.get("context").asInt(), lm.context());
    assertEquals(expected.get("bos").asInt(), lm.bos());
    for (int batch : new int[] {1, 8}) {
      try (LmScorer s = open(dir, Map.of("batch", String.valueOf(batch)))) {
        List<Object[]> rows = score(s);
        for (int i = 0; i < rows.size(); i++) {
          JsonNode t = expected.get("texts").get(i);
          String text = t.get("text").asText();
          int[] ids = new ObjectMapper().convertValue(t.get("ids"), int[].class);
          assertArrayEquals(ids, lm.encode(text).ids(), "Hugging Face tokenizer vs the script's BPE: " + text);
          double logProb = t.get("log_prob").asDouble();
          long tokens = (Long) rows.get(i)[2];
          assertEquals(ids.length, tokens);
          assertEquals(Math.exp(-logProb / ids.length), (Double) rows.get(i)[0], 1e-4 * (Double) rows.get(i)[0]);
          double bpb = -logProb / Math.log(2) / text.getBytes(StandardCharsets.UTF_8).length;
          assertEquals(bpb, (Double) rows.get(i)[1], 1e-5);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"model.pt", "model.onnx"})
  void withoutBosEachWindowStartsFromThePreviousToken(String file) throws IOException {
    Path dir = modelDir(file, false);
    assertEquals(-1, LmModels.get(dir, 1).bos());
    try (LmScorer s = open(dir, Map.of())) {
      List<Object[]> rows = score(s);
      for (int i = 0; i < rows.size(); i++) {
        JsonNode t = expected.get("texts").get(i);
        int scored = t.get("ids").size() - 1;
        double logProb = t.get("log_prob_without_bos").asDouble();
        assertEquals(scored, (Long) rows.get(i)[2]);
        assertEquals(Math.exp(-logProb / scored), (Double) rows.get(i)[0], 1e-4 * (Double) rows.get(i)[0]);
        // the first token's bytes are context, not scored: bits per byte is over the others
        assertTrue((Double) rows.get(i)[1] > -logProb / Math.log(2) / t.get("text").asText().length());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"model.pt", "model.onnx"})
  void refusesWhatItCannotRun(String file) throws IOException {
    Path dir = modelDir(file, true);
    ConfigException tooLong = assertThrows(ConfigException.class, () -> open(dir, Map.of("context", "65")));
    assertTrue(tooLong.getMessage().contains("takes at most 64 tokens"), tooLong.getMessage());

    Path bare = tmp.resolve(file + "-bare");
    Files.createDirectories(bare);
    Files.copy(MADE.resolve(file), bare.resolve(file));
    ConfigException noTokenizer = assertThrows(ConfigException.class, () -> open(bare, Map.of()));
    assertTrue(noTokenizer.getMessage().contains("no tokenizer.json beside it"), noTokenizer.getMessage());

    Files.copy(MADE.resolve("tokenizer.json"), bare.resolve("tokenizer.json"));
    ConfigException noContext = assertThrows(ConfigException.class, () -> open(bare, Map.of()));
    assertTrue(noContext.getMessage().contains("set lm.context"), noContext.getMessage());
    try (LmScorer s = open(bare, Map.of("context", "16"))) {
      assertEquals(expected.get("texts").get(3).get("ids").size() - 1, (Long) score(s).get(3)[2]);
    }
  }
}
