package dev.winnow.scorers.ngram;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an estimated model as an ARPA file: unigrams in vocabulary order, higher orders sorted by their
 * words. Bytes are assembled directly (words encoded to UTF-8 once) and floats printed by {@link #decimal},
 * because the JDK 17 {@code Float.toString} and charset encoder were most of the time of writing
 * millions of lines. Blocks of lines are formatted in parallel and written in order, a window at a time.
 */
public final class ArpaWriter {
  private static final double[] POW10 = new double[40];
  /** The doubles nearest 10^-20 .. 10^21, at 0 .. 41. */
  private static final double[] TEN = new double[42];
  private static final double LOG10_2 = Math.log10(2);
  /** Lines per block formatted by one thread, and blocks per window held in memory at once. */
  private static final int BLOCK = 1 << 15;
  private static final int WINDOW = 16;

  static {
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = Math.pow(10, i);
    }
    for (int i = 0; i < TEN.length; i++) {
      TEN[i] = Double.parseDouble("1e" + (i - 20));
    }
  }

  private ArpaWriter() {
  }

  public static void write(KneserNey kn, OutputStream out) throws IOException {
    int order = kn.order();
    // every word's UTF-8 bytes in one array, at offsets of their own: a line reads its words at random, and
    // 390,000 separate arrays (a header each, scattered over the heap) missed the cache on most of them
    String[] vocab = kn.vocab();
    int[] offsets = new int[vocab.length + 1];
    byte[][] encoded = new byte[vocab.length][];
    for (int i = 0; i < vocab.length; i++) {
      encoded[i] = vocab[i].getBytes(StandardCharsets.UTF_8);
      offsets[i + 1] = offsets[i] + encoded[i].length;
    }
    byte[] words = new byte[offsets[vocab.length]];
    for (int i = 0; i < vocab.length; i++) {
      System.arraycopy(encoded[i], 0, words, offsets[i], encoded[i].length);
    }
    encoded = null;
    StringBuilder header = new StringBuilder("\n\\data\\\n");
    for (int n = 1; n <= order; n++) {
      header.append("ngram ").append(n).append('=').append(kn.ngrams(n)).append('\n');
    }
    out.write(header.toString().getBytes(StandardCharsets.UTF_8));
    for (int n = 1; n <= order; n++) {
      out.write(("\n\\" + n + "-grams:\n").getBytes(StandardCharsets.UTF_8));
      int size = kn.ngrams(n);
      int blocks = (size + BLOCK - 1) / BLOCK;
      int order0 = n;
      for (int w = 0; w < blocks; w += WINDOW) {
        int first = w;
        byte[][] formatted = new byte[Math.min(WINDOW, blocks - w)][];
        java.util.stream.IntStream.range(0, formatted.length).parallel().forEach(k -> formatted[k] =
            block(kn, words, offsets, order0, (first + k) * BLOCK, Math.min(size, (first + k + 1) * BLOCK)));
        for (byte[] b : formatted) {
          out.write(b);
        }
      }
    }
    out.write("\n\\end\\\n".getBytes(StandardCharsets.UTF_8));
  }

  /** The lines of entries [from, to) of order n, in one pass: each line's room is made just before it is written. */
  private static byte[] block(KneserNey kn, byte[] words, int[] offsets, int n, int from, int to) {
    int order = kn.order();
    byte[] buf = new byte[(to - from) * (64 + 8 * n)];
    int at = 0;
    for (int e = from; e < to; e++) {
      int need = 48 + n + (n < order ? 48 : 0);
      for (int i = 0; i < n; i++) {
        int w = kn.word(n, e, i);
        need += offsets[w + 1] - offsets[w];
      }
      if (at + need > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(at + need, buf.length * 2));
      }
      at = decimal(kn.prob(n, e), buf, at);
      buf[at++] = '\t';
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          buf[at++] = ' ';
        }
        int w = kn.word(n, e, i);
        int length = offsets[w + 1] - offsets[w];
        System.arraycopy(words, offsets[w], buf, at, length);
        at += length;
      }
      if (n < order) {
        buf[at++] = '\t';
        at = decimal(kn.backoff(n, e), buf, at);
      }
      buf[at++] = '\n';
    }
    return java.util.Arrays.copyOf(buf, at);
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
    int tail = digits;
    for (int i = 0; i < fraction; i++) {
      tail /= 10;
    }
    at = digitsAt(tail, e + 1, buf, at);
    buf[at++] = '.';
    return digitsAt(digits, fraction, buf, at);
  }

  /** Writes the last {@code count} decimal digits of {@code digits}, zero-padded; returns the position after them. */
  private static int digitsAt(int digits, int count, byte[] buf, int at) {
    for (int p = at + count - 1; p >= at; p--) {
      buf[p] = (byte) ('0' + digits % 10);
      digits /= 10;
    }
    return at + count;
  }

  static String decimal(float v) {
    byte[] b = new byte[48];
    return new String(b, 0, decimal(v, b, 0), StandardCharsets.US_ASCII);
  }
}
