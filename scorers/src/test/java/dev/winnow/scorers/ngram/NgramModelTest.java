package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The probing tables an estimated model fills hold every n-gram it estimated, with its very values. */
public class NgramModelTest {
  /** A seeded corpus of 20,000 sentences over 3,000 words with Zipf-like frequencies. */
  private static NgramCounts zipfCounts(int order) {
    SplittableRandom r = new SplittableRandom(11);
    NgramCounts counts = new NgramCounts(order);
    int[] s = new int[40];
    for (int line = 0; line < 20_000; line++) {
      int length = 3 + r.nextInt(30);
      s[0] = ShardCounts.BOS;
      for (int i = 1; i <= length; i++) {
        s[i] = 3 + (int) Math.floor(Math.pow(3000, r.nextDouble())) - 1;
      }
      s[length + 1] = ShardCounts.EOS;
      counts.addSentence(s, length + 2);
    }
    return counts;
  }

  @Test
  void everyEstimatedNgramIsFoundWithItsValues() {
    int order = 4;
    String[] vocab = new String[3 + 3000];
    vocab[0] = "<unk>";
    vocab[1] = "<s>";
    vocab[2] = "</s>";
    for (int i = 3; i < vocab.length; i++) {
      vocab[i] = "w" + i;
    }
    // every word of this corpus follows more than 4 distinct words: its unigram discounts are undefined
    KneserNey kn = new KneserNey(vocab, ShardCounts.BOS, zipfCounts(order), true).estimate();
    NgramModel m = kn.toModel();
    int[] newestFirst = new int[order];
    for (int n = 1; n <= order; n++) {
      assertEquals(kn.ngrams(n), m.ngrams(n), "stored " + n + "-grams");
      for (int e = 0; e < kn.ngrams(n); e++) {
        for (int i = 0; i < n; i++) {
          newestFirst[n - 1 - i] = kn.word(n, e, i);
        }
        int slot = m.find(n, NgramModel.key(newestFirst, n));
        assertTrue(slot >= 0, n + "-gram " + e + " is missing");
        assertEquals(kn.prob(n, e), m.prob(n, slot), n + "-gram " + e + " prob");
        assertEquals(kn.backoff(n, e), m.backoff(n, slot), n + "-gram " + e + " backoff");
      }
    }
    // the same entries asked for by their words, as a check against another model's file would
    for (int n = 1; n <= order; n++) {
      for (int e = 0; e < kn.ngrams(n); e += 97) {
        String[] words = new String[n];
        for (int i = 0; i < n; i++) {
          words[i] = vocab[kn.word(n, e, i)];
        }
        float[] entry = m.entry(words);
        assertTrue(entry != null, String.join(" ", words) + " is missing");
        assertEquals(kn.prob(n, e), entry[0], String.join(" ", words) + " prob");
        assertEquals(n < order ? kn.backoff(n, e) : 0f, entry[1], String.join(" ", words) + " backoff");
      }
    }
    assertNull(m.entry("w3", "no-such-word"));
    assertNull(m.entry("w3", "w4", "w5", "w6", "w7"));
    // large enough that the tables are filled region by region, not as one
    assertTrue(kn.ngrams(order) > 100_000, kn.ngrams(order) + " " + order + "-grams");
  }
}
