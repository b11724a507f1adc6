package dev.winnow.scorers.ngram;

import java.io.Serializable;

/**
 * Raw counts of every n-gram of orders 1..N in a set of sentences given as word ids, {@code <s>} and
 * {@code </s>} included, as lmplz counts them. Counts of separate parts (Spark partitions) merge.
 */
public final class NgramCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NgramTable[] tables;

  public NgramCounts(int order) {
    tables = new NgramTable[order];
    for (int n = 1; n <= order; n++) {
      tables[n - 1] = new NgramTable(n, 1 << 12);
    }
  }

  public int order() {
    return tables.length;
  }

  public NgramTable table(int n) {
    return tables[n - 1];
  }

  /**
   * Counts the n-grams of {@code ids[0 .. length)}, a whole sentence from {@code <s>} to {@code </s>}. The
   * n-grams ending at one word share their hash computation: each order mixes one older word into the last.
   */
  public void addSentence(int[] ids, int length) {
    int order = tables.length;
    for (int end = 0; end < length; end++) {
      long h = NgramModel.SEED;
      for (int n = 1; n <= order && end - n + 1 >= 0; n++) {
        h = NgramModel.combine(h, ids[end - n + 1]);
        tables[n - 1].add(ids, end - n + 1, h, 1);
      }
    }
  }

  /** Replaces every word id {@code w} by {@code mapping[w]}; the mapping must be one-to-one. */
  public void remap(int[] mapping) {
    for (NgramTable t : tables) {
      t.remap(mapping);
    }
  }

  /** Adds the counts of {@code other}, which is left holding some of this one's tables. */
  public void addAll(NgramCounts other) {
    if (other.order() != order()) {
      throw new IllegalArgumentException("Cannot merge n-gram counts: orders " + other.order() + " and " + order());
    }
    for (int n = 0; n < tables.length; n++) {
      if (tables[n].size() < other.tables[n].size()) {
        // the larger table absorbs the smaller one
        NgramTable t = tables[n];
        tables[n] = other.tables[n];
        other.tables[n] = t;
      }
      tables[n].addAll(other.tables[n]);
    }
  }

  public long ngrams() {
    long total = 0;
    for (NgramTable t : tables) {
      total += t.size();
    }
    return total;
  }
}
