package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The orders a table gives its entries in, checked against a comparator sort of the same n-grams. */
class NgramTableTest {
  /**
   * Records newest first list every entry once with its own words, in the order a comparator on the reversed
   * words gives: over vocabularies of one digit, of two, and of ids near the top of two 11-bit digits, and with
   * a word position where every n-gram has the same word (a pass skipped); for a table filled in any order and
   * for the same n-grams in word order.
   */
  @Test
  void newestFirstRecordsAreTheEntriesSortedByTheirReversedWords() {
    for (int vocabulary : new int[] {5, 2048, 5000, 4_000_000}) {
      for (int n = 1; n <= 5; n++) {
        SplittableRandom r = new SplittableRandom(vocabulary * 31L + n);
        NgramTable t = new NgramTable(n, 16);
        int[] ids = new int[n];
        for (int k = 0; k < 20_000; k++) {
          for (int i = 0; i < n; i++) {
            // word 1 the same everywhere; elsewhere few small ids and some near the vocabulary's top
            ids[i] = i == 1 && n > 2 ? 3 : r.nextInt(4) == 0 ? vocabulary - 1 - r.nextInt(Math.min(vocabulary, 40))
                : r.nextInt(Math.min(vocabulary, 300));
          }
          t.add(ids, 0, t.hash(ids, 0), 1);
        }
        check(t, vocabulary);
        // the same n-grams in word order, as merged counts are (passes on the oldest word skipped)
        int[] order = t.sorted(vocabulary);
        int[] grams = new int[t.size() * n];
        long[] counts = new long[t.size()];
        for (int k = 0; k < order.length; k++) {
          for (int i = 0; i < n; i++) {
            grams[k * n + i] = t.id(order[k], i);
          }
          counts[k] = t.count(order[k]);
        }
        check(NgramTable.ofSorted(n, grams, counts, t.size()), vocabulary);
      }
    }
  }

  private static void check(NgramTable t, int vocabulary) {
    int n = t.order();
    int[] records = t.newestFirstRecords(vocabulary);
    assertEquals(t.size() * (n + 1), records.length);
    List<int[]> expected = new ArrayList<>();
    for (int e = 0; e < t.size(); e++) {
      int[] rec = new int[n + 1];
      for (int i = 0; i < n; i++) {
        rec[i] = t.id(e, n - 1 - i);
      }
      rec[n] = e;
      expected.add(rec);
    }
    expected.sort((a, b) -> Arrays.compare(a, 0, n, b, 0, n));
    boolean[] seen = new boolean[t.size()];
    for (int k = 0; k < t.size(); k++) {
      int[] got = Arrays.copyOfRange(records, k * (n + 1), (k + 1) * (n + 1));
      assertTrue(Arrays.equals(expected.get(k), got), "vocabulary " + vocabulary + ", order " + n + ", record " + k
          + ": " + Arrays.toString(got) + " where " + Arrays.toString(expected.get(k)) + " belongs");
      seen[got[n]] = true;
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
  }
}
