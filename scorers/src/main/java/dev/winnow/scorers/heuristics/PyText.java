package dev.winnow.scorers.heuristics;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code str} semantics for the few operations the published rule sets are defined with
 * ({@code strip}, {@code split()}, {@code splitlines}, {@code len}, {@code isalpha}). The reference
 * implementations are Python, and Java's own notions of whitespace, line breaks and length (UTF-16 units)
 * differ from Python's on exactly the web text these rules look at.
 */
final class PyText {
  private PyText() {
  }

  private static final boolean[] ASCII_SPACE = new boolean[128];

  static {
    for (int c : new int[] {' ', 9, 10, 11, 12, 13, 0x1c, 0x1d, 0x1e, 0x1f}) {
      ASCII_SPACE[c] = true;
    }
  }

  /** {@code str.isspace()} for one code point; small enough for the JIT to inline on every call site. */
  static boolean isSpace(int cp) {
    return cp < 128 ? ASCII_SPACE[cp] : isSpaceBeyondAscii(cp);
  }

  /** {@link #spaceByDefinition} for every char of the BMP, as bits: one load where two Unicode table lookups were. */
  private static final long[] BMP_SPACE = new long[1 << 10];

  static {
    for (int c = 0; c < 1 << 16; c++) {
      if (spaceByDefinition(c)) {
        BMP_SPACE[c >>> 6] |= 1L << c;
      }
    }
  }

  private static boolean isSpaceBeyondAscii(int cp) {
    return cp < 1 << 16 ? (BMP_SPACE[cp >>> 6] & 1L << cp) != 0 : spaceByDefinition(cp);
  }

  private static boolean spaceByDefinition(int cp) {
    return cp == 0x85 || cp == 0xa0 || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** {@code len(s)}: code points, not UTF-16 units. */
  static int len(String s) {
    return s.codePointCount(0, s.length());
  }

  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end) {
      int cp = s.codePointAt(start);
      if (!isSpace(cp)) {
        break;
      }
      start += Character.charCount(cp);
    }
    while (end > start) {
      int cp = s.codePointBefore(end);
      if (!isSpace(cp)) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.substring(start, end);
  }

  /** The line boundaries below U+0086; U+2028 and U+2029 are the others. */
  private static final boolean[] LOW_LINE_BREAK = new boolean[0x86];

  static {
    for (int c : new int[] {'\n', '\r', 0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x85}) {
      LOW_LINE_BREAK[c] = true;
    }
  }

  /** One load for most chars, where a chain of ten compares was. */
  private static boolean isLineBreak(char c) {
    return c < 0x86 ? LOW_LINE_BREAK[c] : (c | 1) == 0x2029;
  }

  /** {@code str.splitlines()}: every Unicode line boundary, "\r\n" as one, no trailing empty line. */
  static List<String> splitlines(String s) {
    List<String> out = new ArrayList<>();
    int n = s.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (isLineBreak(c)) {
        out.add(s.substring(start, i));
        if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
      i++;
    }
    if (start < n) {
      out.add(s.substring(start));
    }
    return out;
  }

  /** {@code s.split(sep)} for a one-character separator: keeps empty pieces, as Python does. */
  static List<String> splitOn(String s, char sep) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == sep) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /** {@code any(c.isalpha() for c in w)}. */
  static boolean hasAlpha(String w) {
    for (int i = 0; i < w.length(); ) {
      int cp = w.codePointAt(i);
      if (Character.isLetter(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /** {@code s.count(sub)}: non-overlapping occurrences. */
  static int count(String s, String sub) {
    int n = 0;
    int i = s.indexOf(sub);
    while (i >= 0) {
      n++;
      i = s.indexOf(sub, i + sub.length());
    }
    return n;
  }
}
