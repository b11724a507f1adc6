package dev.winnow.scorers.ngram;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an estimated model as an ARPA file: unigrams in vocabulary order, higher orders sorted by their
 * words. Bytes are assembled directly (words encoded to UTF-8 once) and floats printed by {@link #decimal},
 * because the JDK 17 {@code Float.toString} and charset encoder were most of the time of writing
 * millions of lines. Blocks of lines are formatted in parallel and written in order, a window at a time.
 * A word of up to 15 bytes is kept in 16 bytes of its own and copied as two longs (see {@link #inline}).
 */
public final class ArpaWriter {
  private static final double[] POW10 = new double[40];
  /** The doubles nearest 10^-20 .. 10^21, at 0 .. 41. */
  private static final double[] TEN = new double[42];
  private static final double LOG10_2 = Math.log10(2);
  /** Lines per block formatted by one thread, and blocks per window held in memory at once. */
  private static final int BLOCK = 1 << 15;
  private static final int WINDOW = 16;
  /** "00" .. "99": two digits per division by 100. */
  private static final byte[] PAIRS = new byte[200];
  private static final int[] INT_POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
      1_000_000_000};
  /** Longs at any byte offset of a byte array: a word's bytes move 8 at a time. */
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  static {
    for (int i = 0; i < 100; i++) {
      PAIRS[2 * i] = (byte) ('0' + i / 10);
      PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = Math.pow(10, i);
    }
    for (int i = 0; i < TEN.length; i++) {
      TEN[i] = Double.parseDouble("1e" + (i - 20));
    }
  }

  private ArpaWriter() {
  }

  /**
   * One block's room in the window, kept from window to window and block to block: a fresh array per block
   * (3.4 MB at order 5) and a trimmed copy of it came to 1.3 GB allocated for Europarl's 462 MB file, and to
   * the collections they set off.
   */
  private static final class Block {
    byte[] buf = new byte[0];
    int length;
  }

  public static void write(KneserNey kn, OutputStream out) throws IOException {
    int order = kn.order();
    // every word's UTF-8 bytes in one array, at offsets of their own: a line reads its words at random, and
    // 390,000 separate arrays (a header each, scattered over the heap) missed the cache on most of them
    String[] vocab = kn.vocab();
    int[] offsets = new int[vocab.length + 1];
    byte[][] encoded = new byte[vocab.length][];
    int longest = 0;
    for (int i = 0; i < vocab.length; i++) {
      encoded[i] = vocab[i].getBytes(StandardCharsets.UTF_8);
      offsets[i + 1] = offsets[i] + encoded[i].length;
      longest = Math.max(longest, encoded[i].length);
    }
    // 8 bytes of slack, so the last word too can be read as whole longs
    byte[] words = new byte[offsets[vocab.length] + 8];
    for (int i = 0; i < vocab.length; i++) {
      System.arraycopy(encoded[i], 0, words, offsets[i], encoded[i].length);
    }
    int longestWord = longest;
    encoded = null;
    long[] inline = inline(words, offsets);
    StringBuilder header = new StringBuilder("\n\\data\\\n");
    for (int n = 1; n <= order; n++) {
      header.append("ngram ").append(n).append('=').append(kn.ngrams(n)).append('\n');
    }
    out.write(header.toString().getBytes(StandardCharsets.UTF_8));
    Block[] window = new Block[WINDOW];
    for (int k = 0; k < WINDOW; k++) {
      window[k] = new Block();
    }
    for (int n = 1; n <= order; n++) {
      out.write(("\n\\" + n + "-grams:\n").getBytes(StandardCharsets.UTF_8));
      int size = kn.ngrams(n);
      int blocks = (size + BLOCK - 1) / BLOCK;
      int order0 = n;
      for (int w = 0; w < blocks; w += WINDOW) {
        int first = w;
        int count = Math.min(WINDOW, blocks - w);
        java.util.stream.IntStream.range(0, count).parallel().forEach(k -> block(kn, words, offsets, inline,
            longestWord, order0, (first + k) * BLOCK, Math.min(size, (first + k + 1) * BLOCK), window[k]));
        for (int k = 0; k < count; k++) {
          out.write(window[k].buf, 0, window[k].length);
        }
      }
    }
    out.write("\n\\end\\\n".getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Per word, 16 bytes: a word of up to 15 bytes itself, its length in the last byte (else 255). A line's
   * words are read at random from a vocabulary of hundreds of thousands; one read of one cache line per word
   * replaces two dependent ones (its offset, then its bytes).
   */
  private static long[] inline(byte[] words, int[] offsets) {
    int v = offsets.length - 1;
    long[] inline = new long[2 * v];
    for (int w = 0; w < v; w++) {
      int length = offsets[w + 1] - offsets[w];
      if (length > 15) {
        inline[2 * w + 1] = 255L << 56;
        continue;
      }
      long low = 0;
      long high = 0;
      for (int k = 0; k < length; k++) {
        long b = words[offsets[w] + k] & 0xFFL;
        if (k < 8) {
          low |= b << (8 * k);
        } else {
          high |= b << (8 * (k - 8));
        }
      }
      inline[2 * w] = low;
      inline[2 * w + 1] = high | (long) length << 56;
    }
    return inline;
  }

  /**
   * The lines of entries [from, to) of order n, in one pass, into {@code into}. A line's room is made just
   * before it is written: from the vocabulary's longest word, and by adding up its own words only where that
   * bound does not fit.
   */
  private static void block(KneserNey kn, byte[] words, int[] offsets, long[] inline, int longest, int n, int from,
      int to, Block into) {
    int order = kn.order();
    // two numbers of at most 32 bytes and three separators; a word writes its separator and 16 bytes, or
    // its length rounded up to whole longs
    int bound = 72 + n * (Math.max(longest, 16) + 8);
    int guess = (to - from) * (64 + 8 * n);
    byte[] buf = into.buf.length >= guess ? into.buf : new byte[guess];
    int at = 0;
    for (int e = from; e < to; e++) {
      if (at + bound > buf.length) {
        int need = 72;
        for (int i = 0; i < n; i++) {
          int w = kn.word(n, e, i);
          need += offsets[w + 1] - offsets[w] + 17;
        }
        if (at + need > buf.length) {
          buf = java.util.Arrays.copyOf(buf, Math.max(at + need, buf.length * 2));
        }
      }
      at = decimal(kn.prob(n, e), buf, at);
      for (int i = 0; i < n; i++) {
        buf[at++] = i == 0 ? (byte) '\t' : (byte) ' ';
        int w = kn.word(n, e, i);
        long low = inline[2 * w];
        long high = inline[2 * w + 1];
        int length = (int) (high >>> 56);
        if (length <= 15) {
          // 16 bytes, past the word's end: the bytes beyond it are overwritten by what follows
          LONGS.set(buf, at, low);
          LONGS.set(buf, at + 8, high);
        } else {
          int start = offsets[w];
          length = offsets[w + 1] - start;
          for (int k = 0; k < length; k += 8) {
            LONGS.set(buf, at + k, (long) LONGS.get(words, start + k));
          }
        }
        at += length;
      }
      if (n < order) {
        buf[at++] = '\t';
        at = decimal(kn.backoff(n, e), buf, at);
      }
      buf[at++] = '\n';
    }
    into.buf = buf;
    into.length = at;
  }

  /**
   * Writes {@code v} in plain decimal notation with 9 significant digits, which is enough for every float
   * to read back as itself, trailing zeros dropped; returns the position after it. Uses at most 32 bytes:
   * magnitudes outside 1e-20..1e20 (not log10 probabilities or backoffs) fall back to {@code Float.toString}.
   */
  static int decimal(float v, byte[] buf, int at) {
    if (v == 0f || !Float.isFinite(v)) {
      byte[] s = (v == 0f ? "0" : Float.toString(v)).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(s, 0, buf, at, s.length);
      return at + s.length;
    }
    double d = Math.abs((double) v);
    if (d < TEN[0] || d >= TEN[TEN.length - 1]) {
      byte[] s = Float.toString(v).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(s, 0, buf, at, s.length);
      return at + s.length;
    }
    // floor(log10(d)) from the binary exponent, which gives it or one less: no float lies between a power of
    // ten and the double nearest it, so comparing with that double decides exactly
    int e = (int) Math.floor(Math.getExponent(d) * LOG10_2);
    if (d >= TEN[e + 21]) {
      e++;
    }
    // m holds the 9 significant digits; the decimal point goes after digit (e + 1)
    int shift = 8 - e;
    long m = Math.round(shift >= 0 ? d * POW10[shift] : d / POW10[-shift]);
    if (m >= 1_000_000_000L) { // rounded up to the next power of ten
      m = Math.round(m / 10.0);
      e++;
    }
    // the significant digits without their trailing zeros, written from the right into their room (with the
    // exponent above instead of Math.log10: 38-44 ns a number, against 56-67 with a digit array and log10)
    int digits = (int) m;
    int count = 9;
    while (count > 1 && digits % 10 == 0) {
      digits /= 10;
      count--;
    }
    if (v < 0) {
      buf[at++] = '-';
    }
    if (e < 0) {
      buf[at++] = '0';
      buf[at++] = '.';
      for (int i = -1; i > e; i--) {
        buf[at++] = '0';
      }
      return digitsAt(digits, count, buf, at);
    }
    if (count <= e + 1) {
      at = digitsAt(digits, count, buf, at);
      for (int i = count; i <= e; i++) {
        buf[at++] = '0';
      }
      return at;
    }
    int fraction = count - e - 1;
    int unit = INT_POW10[fraction];
    int whole = digits / unit;
    at = digitsAt(whole, e + 1, buf, at);
    buf[at++] = '.';
    return digitsAt(digits - whole * unit, fraction, buf, at);
  }

  /** Writes the last {@code count} decimal digits of {@code digits}, zero-padded; returns the position after them. */
  private static int digitsAt(int digits, int count, byte[] buf, int at) {
    int p = at + count;
    while (p - at >= 2) {
      int q = digits / 100;
      int r = 2 * (digits - 100 * q);
      buf[--p] = PAIRS[r + 1];
      buf[--p] = PAIRS[r];
      digits = q;
    }
    if (p > at) {
      buf[at] = (byte) ('0' + digits % 10);
    }
    return at + count;
  }

  static String decimal(float v) {
    byte[] b = new byte[48];
    return new String(b, 0, decimal(v, b, 0), StandardCharsets.US_ASCII);
  }
}
