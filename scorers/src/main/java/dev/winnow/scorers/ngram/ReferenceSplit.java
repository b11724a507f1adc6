package dev.winnow.scorers.ngram;

import java.nio.charset.StandardCharsets;

/**
 * The "Perplexed by Perplexity" protocol's random reference split: a document belongs to the reference
 * (the reference model's training data) when a seeded 64-bit hash of its id, read as a fraction of 2^64,
 * is below the reference fraction. It depends on nothing but the id, the seed and the fraction, so
 * training and scoring agree on it whatever the partitioning, and the model card records the three.
 */
public final class ReferenceSplit {
  private ReferenceSplit() {
  }

  public static boolean inReference(String id, long seed, double fraction) {
    if (fraction <= 0) {
      return false;
    }
    if (fraction >= 1) {
      return true;
    }
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h = NgramModel.combine(h, b & 0xff);
    }
    // the top 53 bits as a double in [0, 1)
    return (h >>> 11) * 0x1.0p-53 < fraction;
  }
}
