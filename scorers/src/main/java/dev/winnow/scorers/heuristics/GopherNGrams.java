package dev.winnow.scorers.heuristics;

import java.util.List;

/**
 * Window hashes over a document's words, for Gopher's n-gram rules. Space-joined n-grams (top n-gram rule)
 * hash the sequence of word hashes; concatenated n-grams (duplicate n-gram rule) hash the characters, so
 * ["ab","c"] and ["a","bc"] share a key exactly as the joined strings do. Prefix hashes make every window
 * O(1).
 *
 * <p>Most windows of a document occur once, and a window that occurs once neither repeats nor is repeated,
 * so each pass visits only the windows that may occur twice, where hashing every window into a table
 * nine times over was a third of the heuristics' time: a space-joined n-gram can occur twice only where
 * its (n-1)-gram does, and a concatenated n-gram of at least {@value #PREFIX} chars only where those first
 * chars also start the concatenated text at another word. Equal windows are visited alike, so the scan
 * (which jumps past each repeat) meets the repeats a full pass meets, and every figure is the same.
 */
final class GopherNGrams {
  private static final long BASE = 0x9E3779B97F4A7C15L | 1L;
  private static final long SEQ_BASE = 0xC2B2AE3D27D4EB4FL;
  /** Chars of the concatenated text compared (by hash) at every word start, to rule windows out. */
  static final int PREFIX = 8;
  /** The smallest concatenated n-gram the duplicate rule counts. */
  static final int SMALLEST_DUP = 5;

  private final int n;
  /** Code points of words [0, i): a window's length is one subtraction, not a sum per duplicate found. */
  private final int[] lenPrefix;
  private final long[] seqPrefix;
  /** Polynomial hash of the concatenated words' first c chars, for every c. */
  private final long[] charPrefix;
  /** Chars (UTF-16 units) of words [0, i). */
  private final int[] charOffset;
  private final LongCounts counts;
  private long[] charPow;
  /** The word positions whose concatenated n-grams may occur twice, ascending; null until needed. */
  private int[] dupCandidates;
  private int dupCandidateCount;
  /** The word positions whose space-joined n-grams may occur twice, for n = {@link #candidateOrder}. */
  private int[] candidates;
  private int candidateCount;
  private int candidateOrder;
  private int[] slots;

  GopherNGrams(List<String> words) {
    n = words.size();
    lenPrefix = new int[n + 1];
    seqPrefix = new long[n + 1];
    charOffset = new int[n + 1];
    for (int i = 0; i < n; i++) {
      charOffset[i + 1] = charOffset[i] + words.get(i).length();
    }
    charPrefix = new long[charOffset[n] + 1];
    int at = 0;
    long ch = 0;
    for (int i = 0; i < n; i++) {
      String w = words.get(i);
      int len = w.length();
      long wh = 0x7A3C5D1E2B4F6A89L;
      for (int j = 0; j < w.length(); j++) {
        char c = w.charAt(j);
        ch = ch * BASE + c;
        charPrefix[++at] = ch;
        wh = wh * BASE + c;
        if (Character.isHighSurrogate(c)) {
          len--;
        }
      }
      lenPrefix[i + 1] = lenPrefix[i] + len;
      seqPrefix[i + 1] = seqPrefix[i] * SEQ_BASE + mixWord(wh);
    }
    counts = new LongCounts(Math.max(16, n));
    slots = new int[n];
  }

  private static long mixWord(long h) {
    return (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
  }

  private long seqHash(int from, int len, long basePow) {
    return seqPrefix[from + len] - seqPrefix[from] * basePow;
  }

  private long charHash(int from, int len) {
    int a = charOffset[from];
    int b = charOffset[from + len];
    return charPrefix[b] - charPrefix[a] * charPow[b - a];
  }

  /** BASE^k for every window of at most {@code size} words (shorter documents included). */
  void preparePowers(int size) {
    if (charPow != null) {
      return; // made for the largest size first, so it covers every smaller window
    }
    int longest = PREFIX;
    for (int i = 0; i < n; i++) {
      longest = Math.max(longest, charOffset[Math.min(n, i + size)] - charOffset[i]);
    }
    charPow = new long[longest + 1];
    charPow[0] = 1;
    for (int k = 1; k <= longest; k++) {
      charPow[k] = charPow[k - 1] * BASE;
    }
  }

  private int chars(int from, int len) {
    return lenPrefix[from + len] - lenPrefix[from];
  }

  /**
   * Characters of the most frequent space-joined n-gram times its count; among equally frequent ones the
   * first seen wins, as with Python's Counter.most_common(1). Called for n, n+1, ... in turn, each call
   * visits the positions whose n-gram the call before found repeated.
   */
  long topDuplicateChars(int size) {
    int grams = n - size + 1;
    if (grams <= 0) {
      return 0;
    }
    boolean all = candidateOrder != size - 1 || candidates == null;
    int visits = all ? grams : candidateCount;
    counts.clear();
    long basePow = pow(SEQ_BASE, size);
    int bestCount = 0;
    int bestFirst = Integer.MAX_VALUE;
    for (int v = 0; v < visits; v++) {
      int i = all ? v : candidates[v];
      if (i >= grams) {
        break; // candidates ascend: the rest have no n-gram of this size
      }
      int s = counts.add(seqHash(i, size, basePow), i);
      slots[v] = s;
      int c = counts.count(s);
      int f = counts.first(s);
      if (c > bestCount || (c == bestCount && f < bestFirst)) {
        bestCount = c;
        bestFirst = f;
      }
    }
    if (bestCount <= 1) {
      // every n-gram occurs once, the ones not visited too: the first is the most common
      bestCount = 1;
      bestFirst = 0;
    }
    int[] next = new int[Math.max(1, visits)];
    int kept = 0;
    for (int v = 0; v < visits; v++) {
      int i = all ? v : candidates[v];
      if (i >= grams) {
        break;
      }
      if (counts.count(slots[v]) > 1) {
        next[kept++] = i;
      }
    }
    candidates = next;
    candidateCount = kept;
    candidateOrder = size;
    return (long) (chars(bestFirst, size) + size - 1) * bestCount;
  }

  /**
   * datatrove's find_all_duplicate: a repeated n-gram counts its characters and the scan jumps past it.
   * Needs {@link #preparePowers} first; {@code size} is at least {@value #SMALLEST_DUP}.
   */
  long allDuplicateChars(int size) {
    if (size < SMALLEST_DUP) {
      throw new IllegalArgumentException("Cannot count duplicate n-grams: size " + size + " < " + SMALLEST_DUP);
    }
    findDupCandidates();
    counts.clear();
    long repeated = 0;
    int last = n - size;
    int idx = 0;
    for (int v = 0; v < dupCandidateCount; v++) {
      int i = dupCandidates[v];
      if (i < idx) {
        continue; // inside a repeat just counted
      }
      if (i > last) {
        break;
      }
      if (!counts.insert(charHash(i, size))) {
        repeated += chars(i, size);
        idx = i + size;
      } else {
        idx = i + 1;
      }
    }
    return repeated;
  }

  /**
   * The positions where the first {@value #PREFIX} chars of the concatenated text also follow another word
   * start (the hashes' collisions only add positions), and those whose smallest n-gram is shorter than
   * that: a longer n-gram from there is then shorter too, or starts as it does.
   */
  private void findDupCandidates() {
    if (dupCandidates != null) {
      return;
    }
    int total = charOffset[n];
    long pow = charPow[PREFIX];
    counts.clear();
    for (int i = 0; i < n; i++) {
      int a = charOffset[i];
      if (a + PREFIX <= total) {
        slots[i] = counts.add(charPrefix[a + PREFIX] - charPrefix[a] * pow, i);
      }
    }
    int[] found = new int[Math.max(1, n)];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int a = charOffset[i];
      boolean shortWindow = charOffset[Math.min(n, i + SMALLEST_DUP)] - a < PREFIX;
      if (shortWindow || counts.count(slots[i]) > 1) {
        found[kept++] = i;
      }
    }
    dupCandidates = found;
    dupCandidateCount = kept;
  }

  private static long pow(long base, int exp) {
    long result = 1;
    long b = base;
    int e = exp;
    while (e > 0) {
      if ((e & 1) != 0) {
        result *= b;
      }
      b *= b;
      e >>= 1;
    }
    return result;
  }
}
