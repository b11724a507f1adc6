package dev.winnow.scorers.lm;

/** How a Winnow-trained LM turns text into token ids: bytes by default, or a Hugging Face tokenizer.json. */
public interface LmTokenizer {
  int[] ids(String text);

  /** The start-of-document token: the last id of the model's vocabulary. */
  int bos();

  /** The model's vocabulary: the tokenizer's ids and the BOS after them. */
  int vocab();

  /** How {@code config.json} names it: {@code bytes}, or the tokenizer file stored beside the weights. */
  String name();
}
