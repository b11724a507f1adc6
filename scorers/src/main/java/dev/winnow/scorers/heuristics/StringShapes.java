package dev.winnow.scorers.heuristics;

import java.util.Collection;

/**
 * A set of strings' shapes (first char, last char, length up to 7, chars folded to 7 bits) as 16 KB of
 * bits: a string whose shape is not there is not in the set, and most words of web text are ruled out so,
 * before a hash lookup that would first hash the word's chars. A third of C4's words share first and last
 * char with one of spaCy's special cases ("the", "is", "have"), 8% share the length too.
 */
final class StringShapes {
  private final long[] bits = new long[128 * 128 * 8 / 64];

  StringShapes(Collection<String> strings) {
    for (String s : strings) {
      if (!s.isEmpty()) {
        int shape = shape(s);
        bits[shape >>> 6] |= 1L << shape;
      }
    }
  }

  private static int shape(String s) {
    return ((s.charAt(0) & 127) * 128 + (s.charAt(s.length() - 1) & 127)) * 8 + Math.min(s.length(), 7);
  }

  /** False when {@code s} (not empty) is certainly not one of the strings. */
  boolean mayContain(String s) {
    int shape = shape(s);
    return (bits[shape >>> 6] & 1L << shape) != 0;
  }
}
