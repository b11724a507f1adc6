package dev.winnow.scorers.lm;

import ai.djl.Model;
import java.util.List;

/**
 * A causal LM as the lm scorer runs it: the network (token ids {@code [batch, sequence]} in, logits
 * {@code [batch, sequence, vocabulary]} out), the tokenizer, the window length and the start token.
 */
public interface ScoringLm {
  /** A text's token ids, and the UTF-8 bytes that the scored tokens cover (for bits per byte). */
  record Tokens(int[] ids, long scoredBytes) {
  }

  Model model();

  /** The longest window the network takes; 0 when the model does not say (the scorer's option must). */
  int context();

  /**
   * The token every window starts from, or -1 when the model has none: then each window starts from the
   * token before it, and a document's first token is context only, never scored.
   */
  int bos();

  Tokens encode(String text);

  /** Names of the network's inputs when it declares them (ONNX does): input_ids, attention_mask, position_ids. */
  default List<String> inputNames() {
    return List.of();
  }
}
