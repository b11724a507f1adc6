package dev.winnow.scorers.ngram;

import java.io.Serializable;

/**
 * Raw counts of every n-gram of orders 1..N in a set of sentences given as word ids, {@code <s>} and
 * {@code </s>} included, as lmplz counts them. Counts of separate parts (Spark partitions),
 * each in word order, merge ({@link #mergeSorted}).
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

  /** Counts already tabled, order 1 first. */
  NgramCounts(NgramTable[] tables) {
    this.tables = tables;
  }

  /**
   * The counts of two parts whose tables are all in word order, merged order by order (in parallel: the
   * orders are independent) into tables in word order.
   */
  public static NgramCounts mergeSorted(NgramCounts a, NgramCounts b) {
    if (a.order() != b.order()) {
      throw new IllegalArgumentException("Cannot merge n-gram counts: orders " + a.order() + " and " + b.order());
    }
    NgramTable[] merged = new NgramTable[a.order()];
    java.util.stream.IntStream.range(0, merged.length).parallel()
        .forEach(n -> merged[n] = NgramTable.mergeSorted(a.tables[n], b.tables[n]));
    return new NgramCounts(merged);
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

  public long ngrams() {
    long total = 0;
    for (NgramTable t : tables) {
      total += t.size();
    }
    return total;
  }
}
