package dev.winnow.scorers.heuristics;

import java.util.List;

/** A document's text with what several rule sets share, computed once. */
final class DocView {
  final String text;
  final int length;
  private final SpacyEnglishTokenizer tokenizer;
  private List<String> words;

  DocView(String text, SpacyEnglishTokenizer tokenizer) {
    this.text = text;
    this.length = PyText.len(text);
    this.tokenizer = tokenizer;
  }

  List<String> words() {
    if (words == null) {
      words = tokenizer.tokenize(text);
    }
    return words;
  }

  SpacyEnglishTokenizer tokenizer() {
    return tokenizer;
  }
}
