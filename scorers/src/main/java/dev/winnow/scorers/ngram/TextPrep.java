package dev.winnow.scorers.ngram;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text preparation shared by n-gram training and scoring, stored with every model Winnow trains so a
 * scorer can refuse a model prepared differently.
 *
 * <ul>
 *   <li>{@code none}: lines as they are.
 *   <li>{@code ccnet}: CCNet's normalisation: lowercase; accents removed (NFD, combining marks dropped);
 *       every digit to 0; common non-ASCII punctuation (full-width and CJK forms, curly quotes, dashes)
 *       mapped to its ASCII counterpart; control and other non-printing characters removed; whitespace
 *       runs collapsed.
 * </ul>
 *
 * Tokens are the pieces of each line between ASCII whitespace, after normalisation. A document is scored line
 * by line; lines without tokens are skipped.
 */
public enum TextPrep {
  NONE, CCNET;

  public static TextPrep of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The tokens of each non-empty line of {@code text}. */
  public List<String[]> lines(String text) {
    List<String[]> out = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      String line = text.substring(start, end);
      String[] tokens = tokens(prepare(line));
      if (tokens.length > 0) {
        out.add(tokens);
      }
      start = end + 1;
    }
    return out;
  }

  /** One line (no newline in it) prepared for tokenizing: as it is, or CCNet-normalized. */
  public String prepare(String line) {
    return this == CCNET ? ccnet(line) : line;
  }

  /** Bits 9-13 (tab, LF, VT, FF, CR) and 32 (space): the ASCII whitespace KenLM splits at. */
  private static final long SPACE = 0x1_0000_3E00L;

  /**
   * Whether {@code c} separates tokens: ASCII whitespace (space, tab, CR, LF, VT, FF), as KenLM splits. The one
   * definition that {@link #tokens}, training's and scoring's in-place scanners all split by.
   */
  static boolean isSpace(char c) {
    return c <= ' ' && ((1L << c) & SPACE) != 0;
  }

  /** Tokens separated by ASCII whitespace ({@link #isSpace}), as KenLM splits; no regex per line. */
  public static String[] tokens(String line) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (isSpace(c)) {
        if (start >= 0) {
          out.add(line.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      out.add(line.substring(start));
    }
    return out.toArray(new String[0]);
  }

  static String ccnet(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
    StringBuilder sb = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); ) {
      int cp = decomposed.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isDigit(cp)) {
        sb.append('0');
        continue;
      }
      String mapped = punct(cp);
      if (mapped != null) {
        sb.append(mapped);
        continue;
      }
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
        if (Character.isWhitespace(cp)) {
          sb.append(' ');
        }
        continue;
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString().replaceAll("\\s+", " ").strip();
  }

  private static String punct(int cp) {
    return switch (cp) {
      case '，', '、' -> ",";
      case '。' -> ". ";
      case '．' -> ".";
      case '：', '∶' -> ":";
      case '；' -> ";";
      case '？' -> "?";
      case '！' -> "!";
      case '（' -> "(";
      case '）' -> ")";
      case '［', '【' -> "[";
      case '］', '】' -> "]";
      case '“', '”', '„', '«', '»', '《', '》', '「', '」', '『', '』' -> "\"";
      case '‘', '’', '‚', '´', '`' -> "'";
      case '–', '—', '−' -> "-";
      case '…' -> "...";
      case '％' -> "%";
      default -> null;
    };
  }
}
