package dev.winnow.scorers.heuristics;

import java.util.ArrayList;
import java.util.List;

/**
 * A document's text with what several rule sets share, computed once: its lines ({@code splitlines}) and
 * its words. Words are tokenized line by line, which gives exactly the whole-text tokenization (every
 * line break is whitespace to the tokenizer) and lets the C4 rules reuse a line's tokens.
 */
final class DocView {
  final String text;
  final int length;
  private final SpacyEnglishTokenizer tokenizer;
  private List<String> lines;
  private List<String> words;
  private int[] lineStart;

  DocView(String text, SpacyEnglishTokenizer tokenizer) {
    this.text = text;
    this.length = PyText.len(text);
    this.tokenizer = tokenizer;
  }

  List<String> lines() {
    if (lines == null) {
      lines = PyText.splitlines(text);
    }
    return lines;
  }

  List<String> words() {
    if (words == null) {
      List<String> ls = lines();
      words = new ArrayList<>(text.length() / 5 + 4);
      lineStart = new int[ls.size() + 1];
      for (int i = 0; i < ls.size(); i++) {
        lineStart[i] = words.size();
        tokenizer.tokenizeInto(ls.get(i), words);
      }
      lineStart[ls.size()] = words.size();
    }
    return words;
  }

  /** The tokens of line {@code i} of {@link #lines()}. */
  List<String> lineWords(int i) {
    words();
    return words.subList(lineStart[i], lineStart[i + 1]);
  }

  SpacyEnglishTokenizer tokenizer() {
    return tokenizer;
  }
}
