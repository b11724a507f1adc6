package dev.winnow.scorers.lm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A causal LM exported from PyTorch or Hugging Face: {@code model.pt} (TorchScript) or {@code model.onnx},
 * taking {@code input_ids [batch, sequence]} (and, for ONNX, {@code attention_mask} or {@code position_ids}
 * if it declares them) and returning logits first; {@code tokenizer.json} beside it, {@code bos_token} from
 * {@code tokenizer_config.json}, and the window length from {@code config.json} ({@code n_positions},
 * {@code max_position_embeddings} or {@code n_ctx}), as a Hugging Face model directory holds them.
 */
record ExternalLm(ZooModel<NDList, NDList> model, HfTokenizer tokenizer, int context, int bos,
    List<String> inputNames) implements ScoringLm {
  static final String TORCHSCRIPT = "model.pt";
  static final String ONNX = "model.onnx";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The external model file in {@code dir}, or null when there is none. */
  static Path modelFile(Path dir) {
    for (String name : List.of(TORCHSCRIPT, ONNX)) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    return null;
  }

  static ExternalLm load(Path dir, Path file, int threads) {
    String what = "Cannot load LM " + file + ": ";
    Path tokenizerFile = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(tokenizerFile)) {
      throw new IllegalArgumentException(what + "no tokenizer.json beside it");
    }
    HfTokenizer tokenizer;
    try {
      tokenizer = HfTokenizer.load(tokenizerFile);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + e.getMessage(), e);
    }
    int context = intField(dir.resolve("config.json"), what, "n_positions", "max_position_embeddings", "n_ctx");
    int bos = bosId(dir.resolve("tokenizer_config.json"), tokenizer, what);
    boolean onnx = file.getFileName().toString().equals(ONNX);
    Criteria.Builder<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
        .optModelPath(file).optEngine(onnx ? "OnnxRuntime" : "PyTorch").optDevice(Device.cpu())
        .optTranslator(new NoopTranslator());
    if (onnx) {
      // ONNX Runtime applies the intra-op count only when the inter-op one is set too
      criteria.optOption("interOpNumThreads", "1").optOption("intraOpNumThreads", String.valueOf(threads));
    }
    ZooModel<NDList, NDList> model;
    try {
      model = criteria.build().loadModel();
    } catch (IOException e) {
      throw new UncheckedIOException(what + e.getMessage(), e);
    } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new IllegalArgumentException(what + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    if (model.describeInput() != null) {
      for (var input : model.describeInput()) {
        names.add(input.getKey());
      }
    }
    return new ExternalLm(model, tokenizer, context, bos, names);
  }

  /** The first of {@code fields} in a JSON file, 0 when the file or all the fields are absent. */
  private static int intField(Path file, String what, String... fields) {
    JsonNode node = readJson(file, what);
    for (String f : fields) {
      if (node != null && node.path(f).canConvertToInt() && node.path(f).intValue() > 0) {
        return node.path(f).intValue();
      }
    }
    return 0;
  }

  private static int bosId(Path file, HfTokenizer tokenizer, String what) {
    JsonNode node = readJson(file, what);
    JsonNode bos = node == null ? null : node.get("bos_token");
    // written either as the token or as an added-token object holding it
    String token = bos == null || bos.isNull() ? null : bos.isTextual() ? bos.asText() : bos.path("content").asText(null);
    if (token == null) {
      return -1;
    }
    int id = tokenizer.idOf(token);
    if (id < 0) {
      throw new IllegalArgumentException(what + "bos_token '" + token + "' is not one token in tokenizer.json");
    }
    return id;
  }

  private static JsonNode readJson(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(what + "unreadable " + file.getFileName() + " (" + e.getMessage() + ")");
    }
  }

  @Override
  public Tokens encode(String text) {
    Encoding e = tokenizer.encoding(text);
    int[] ids = HfTokenizer.toInts(e.getIds());
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bos < 0 && ids.length > 0) {
      // without a start token the first token is context only: its bytes are not part of bits per byte
      var first = e.getCharTokenSpans()[0];
      if (first != null) {
        bytes -= text.substring(0, first.getEnd()).getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return new Tokens(ids, bytes);
  }
}
