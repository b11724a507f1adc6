package dev.winnow.scorers.heuristics;

import java.util.List;

/**
 * Sentence counting as spaCy's rule-based {@code sentencizer} does it (what datatrove's C4 filter counts
 * with): a sentence ends at a token that is a sentence terminal, and the next token that is not
 * punctuation starts the next one.
 */
final class Sentencizer {
  private Sentencizer() {
  }

  /** spaCy's default {@code punct_chars}: the Unicode sentence terminals. */
  static final String TERMINALS = "!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？｡。";

  static int count(List<String> tokens) {
    if (tokens.isEmpty()) {
      return 0;
    }
    int sentences = 1;
    boolean seenTerminal = false;
    for (String t : tokens) {
      boolean terminal = isTerminal(t);
      if (seenTerminal && !terminal && !isPunct(t)) {
        sentences++;
        seenTerminal = false;
      } else if (terminal) {
        seenTerminal = true;
      }
    }
    return sentences;
  }

  private static boolean isTerminal(String t) {
    if (t.length() != 1) {
      return false;
    }
    // "!.?" are the only ASCII terminals: a comma or a quote need not be looked for among all of them
    char c = t.charAt(0);
    return c < 128 ? c == '!' || c == '.' || c == '?' : TERMINALS.indexOf(c) >= 0;
  }

  /** spaCy's {@code is_punct}: every character is in a Unicode punctuation category. */
  static boolean isPunct(String t) {
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      switch (Character.getType(cp)) {
        case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
            Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
            Character.OTHER_PUNCTUATION -> {
        }
        default -> {
          return false;
        }
      }
      i += Character.charCount(cp);
    }
    return true;
  }
}
