package dev.winnow.jobs;

import dev.winnow.scorers.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reference model (n-gram or neural) was trained on, as both trainers check it and record it in
 * their model cards: all of the input, a seeded fraction of it, or a separate reference corpus.
 */
final class TrainingSplit {
  private TrainingSplit() {
  }

  static void check(String what, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new ConfigException("Cannot train " + what + ": --reference-fraction must be in (0, 1], got " + fraction);
    }
  }

  /** The card's provenance of the split: protocol, inputs, fraction, seed and the rule that applied them. */
  static Map<String, Object> provenance(List<String> inputs, boolean separateReference, double fraction, long seed) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("protocol", separateReference ? "reference" : fraction < 1 ? "reference-fraction" : "all");
    p.put("inputs", inputs);
    p.put("reference_fraction", fraction);
    p.put("seed", seed);
    p.put("split", "a document is in the reference when a seeded 64-bit hash of its id, as a fraction of 2^64, "
        + "is below reference_fraction (dev.winnow.scorers.ngram.ReferenceSplit)");
    return p;
  }
}
