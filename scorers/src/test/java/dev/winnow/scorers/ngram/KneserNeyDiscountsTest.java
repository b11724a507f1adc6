package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.scorers.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Discounts that cannot be estimated (a small or artificial corpus) stop the estimation with the reason, as
 * lmplz does, unless the fallback is asked for; with it, the model still normalizes.
 */
public class KneserNeyDiscountsTest {
  @Test
  void lmplzChecksOnHandComputedCounts() {
    // t = 10, 5, 2, 1: Y = 10 / 20; D1 = 1 - 2 Y 5/10 = 0.5, D2 = 2 - 3 Y 2/5 = 1.4, D3+ = 3 - 4 Y 1/2 = 2
    assertNull(KneserNey.badDiscounts(2, new long[] {0, 10, 5, 2, 1}, new double[] {0, 0.5, 1.4, 2}));
    assertEquals("the 2-gram discounts are undefined, as no 2-gram has an adjusted count of 2 (2-grams of adjusted "
        + "count 1, 2, 3, 4: 10, 0, 3, 1)", KneserNey.badDiscounts(2, new long[] {0, 10, 0, 3, 1}, new double[4]));
    // t = 100, 10, 80, 1: Y = 100 / 120, D2 = 2 - 3 Y 80/10 = -18
    assertEquals("the 3-gram discount D2 is -18.0000, outside [0, 2] (3-grams of adjusted count 1, 2, 3, 4: 100, 10, "
        + "80, 1)", KneserNey.badDiscounts(3, new long[] {0, 100, 10, 80, 1}, new double[] {0, 0.8333, -18, 2.98}));
  }

  /** Ten words, each line a rotation of them: every word follows one word only, and no n-gram is rare. */
  private static NgramCounts rotations(int order) {
    NgramCounts counts = new NgramCounts(order);
    for (int line = 0; line < 30; line++) {
      int[] s = new int[12];
      s[0] = 1;
      for (int i = 0; i < 10; i++) {
        s[i + 1] = 3 + (line + i) % 10;
      }
      s[11] = 2;
      counts.addSentence(s, s.length);
    }
    return counts;
  }

  private static String[] vocab() {
    String[] v = new String[13];
    v[0] = "<unk>";
    v[1] = "<s>";
    v[2] = "</s>";
    for (int i = 3; i < v.length; i++) {
      v[i] = "w" + i;
    }
    return v;
  }

  @Test
  void aCorpusWithoutRareNgramsStopsWithTheReason() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new KneserNey(vocab(), 1, rotations(3), false).estimate());
    assertTrue(e.getMessage().startsWith("Cannot estimate n-gram model: the 1-gram discounts are undefined, as no "
        + "1-gram has an adjusted count of 1"), e.getMessage());
    assertTrue(e.getMessage().contains("--discount-fallback"), e.getMessage());
  }

  @Test
  void theFallbackGivesANormalizedModel() {
    KneserNey kn = new KneserNey(vocab(), 1, rotations(3), true).estimate();
    assertTrue(!kn.fallbackOrders().isEmpty());
    for (int n : kn.fallbackOrders()) {
      assertArrayEquals(new double[] {0, 0.5, 1, 1.5}, kn.discounts(n), 0);
    }
    // p(w) over every word but <s>, and p(w | h) over them for every one-word context h, add up to 1
    String[] v = kn.vocab();
    double unigrams = 0;
    for (int w = 0; w < v.length; w++) {
      unigrams += w == 1 ? 0 : Math.pow(10, kn.prob(1, w));
    }
    assertEquals(1, unigrams, 1e-5);
    Map<List<Integer>, Float> bigrams = new HashMap<>();
    for (int e = 0; e < kn.ngrams(2); e++) {
      bigrams.put(List.of(kn.word(2, e, 0), kn.word(2, e, 1)), kn.prob(2, e));
    }
    for (int h = 1; h < v.length; h++) {
      if (h == 2) {
        continue; // </s> is no context
      }
      double sum = 0;
      for (int w = 0; w < v.length; w++) {
        if (w != 1) {
          Float p = bigrams.get(List.of(h, w));
          sum += Math.pow(10, p != null ? p : kn.backoff(1, h) + kn.prob(1, w));
        }
      }
      assertEquals(1, sum, 1e-5, "context " + v[h]);
    }
  }
}
