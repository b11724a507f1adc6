package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ARPA numbers read back as the very floats that were written, in the notation KenLM reads. */
public class ArpaWriterTest {
  @Test
  void handPickedValues() {
    assertEquals("0", ArpaWriter.decimal(0f));
    assertEquals("-4.80111027", ArpaWriter.decimal(-4.8011103f)); // the float is -4.80111026763916...
    assertEquals("-1", ArpaWriter.decimal(-1f));
    assertEquals("-0.010764082", ArpaWriter.decimal(-0.010764082f));
    assertEquals("-12.5", ArpaWriter.decimal(-12.5f));
    assertEquals("0.000123449994", ArpaWriter.decimal(1.2345e-4f));
    assertEquals("-99", ArpaWriter.decimal(-99f));
  }

  /** The independent reference: the float's exact value rounded half-up to 9 significant digits. */
  private static String nineDigits(float v) {
    return new BigDecimal(v).round(new MathContext(9, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
  }

  @Test
  void everyFloatReadsBackExactly() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 2_000_000; i++) {
      // log10 probabilities and backoffs: magnitudes from 1e-12 to 1e2, both signs
      float v = (float) ((r.nextBoolean() ? -1 : 1) * Math.pow(10, r.nextDouble(-12, 2)));
      String s = ArpaWriter.decimal(v);
      assertEquals(v, Float.parseFloat(s), s);
      assertEquals(nineDigits(v), s);
    }
  }

  /**
   * Every line of a written model against the same line put together with {@code String}s: words of 1 to 40
   * bytes (ASCII and multi-byte UTF-8, around the 15 bytes kept inline and the 8-byte copies), in a
   * vocabulary whose longest word is short and in one with long words.
   */
  @Test
  void linesHoldTheirWordsAndNumbers() throws Exception {
    for (int longest : new int[] {3, 40}) {
      SplittableRandom r = new SplittableRandom(longest);
      List<String> words = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        StringBuilder w = new StringBuilder();
        int length = 1 + r.nextInt(longest);
        while (w.toString().getBytes(StandardCharsets.UTF_8).length < length) {
          int kind = r.nextInt(10);
          w.append(kind < 7 ? (char) ('a' + r.nextInt(26)) : kind < 9 ? (char) ('\u00e0' + r.nextInt(20)) : '\u20ac');
        }
        words.add(w.toString() + i);
      }
      Map<String, Integer> ids = new LinkedHashMap<>();
      ids.put("<unk>", 0);
      ids.put("<s>", 1);
      ids.put("</s>", 2);
      NgramCounts counts = new NgramCounts(4);
      for (int line = 0; line < 3000; line++) {
        int[] s = new int[2 + 1 + r.nextInt(12)];
        s[0] = 1;
        for (int i = 1; i < s.length - 1; i++) {
          // a skewed draw and repeated lines: n-grams seen once and many times
          String w = words.get((int) (words.size() * Math.pow(r.nextDouble(), 3)));
          s[i] = ids.computeIfAbsent(w, x -> ids.size());
        }
        s[s.length - 1] = 2;
        for (int copies = 1 + r.nextInt(4); copies > 0; copies--) {
          counts.addSentence(s, s.length);
        }
      }
      // an artificial corpus, whose own discounts are out of range: lmplz's fallback ones
      KneserNey kn = new KneserNey(ids.keySet().toArray(new String[0]), 1, counts, true).estimate();
      assertTrue(kn.ngrams(4) > 1000, "4-grams: " + kn.ngrams(4));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ArpaWriter.write(kn, out);
      List<String> expected = new ArrayList<>();
      expected.add("");
      expected.add("\\data\\");
      for (int n = 1; n <= kn.order(); n++) {
        expected.add("ngram " + n + "=" + kn.ngrams(n));
      }
      for (int n = 1; n <= kn.order(); n++) {
        expected.add("");
        expected.add("\\" + n + "-grams:");
        for (int e = 0; e < kn.ngrams(n); e++) {
          StringBuilder line = new StringBuilder(nineDigits(kn.prob(n, e)));
          for (int i = 0; i < n; i++) {
            line.append(i == 0 ? '\t' : ' ').append(kn.vocab()[kn.word(n, e, i)]);
          }
          if (n < kn.order()) {
            line.append('\t').append(nineDigits(kn.backoff(n, e)));
          }
          expected.add(line.toString());
        }
      }
      expected.add("");
      expected.add("\\end\\");
      assertEquals(String.join("\n", expected) + "\n", out.toString(StandardCharsets.UTF_8), "longest " + longest);
    }
  }
}
