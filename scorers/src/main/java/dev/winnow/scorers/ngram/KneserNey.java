package dev.winnow.scorers.ngram;

import dev.winnow.scorers.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Interpolated modified Kneser-Ney estimation as KenLM's lmplz does it by default (no pruning, interpolated
 * unigrams), from raw n-gram counts of every order:
 *
 * <ol>
 *   <li>Adjusted counts: the highest order keeps raw counts; a lower-order n-gram counts the distinct words
 *       seen before it, except n-grams starting with {@code <s>}, which keep raw counts (nothing precedes it).
 *   <li>Discounts per order from the counts of adjusted counts t1..t4: {@code Y = t1 / (t1 + 2 t2)},
 *       {@code D_k = k - (k + 1) Y t_{k+1} / t_k} for k = 1, 2, 3 (3 stands for 3 and more).
 *   <li>{@code p(w|h) = (a(hw) - D(a(hw))) / S(h) + gamma(h) p(w|h')}, {@code gamma(h) = (D1 N1(h) + D2 N2(h)
 *       + D3 N3+(h)) / S(h)}; unigrams interpolate with the uniform distribution over the vocabulary (without
 *       {@code <s>}), which is also all that {@code <unk>} gets. The ARPA backoff of a context is
 *       {@code log10 gamma}.
 * </ol>
 *
 * While estimating, every figure lives in an array indexed by the n-gram's entry in its {@link NgramTable}
 * (unigrams: by word id, so that {@code <unk>}, never counted, has one too). Once estimated, each order's
 * n-grams are laid out anew in word order (their words, probabilities and backoffs in flat arrays) and the
 * count tables are dropped: the writers then read every array front to back instead of jumping through
 * the tables in sorted order, which was most of the time of writing. Hand-written because no JVM library
 * estimates KenLM-compatible models.
 */
public final class KneserNey {
  /**
   * D1, D2 and D3+ (at 1, 2, 3, as {@link #discounts} has them) for an order whose own cannot be estimated,
   * when asked for: lmplz's --discount_fallback.
   */
  private static final double[] FALLBACK_DISCOUNTS = {0, 0.5, 1.0, 1.5};

  private final int order;
  private final boolean discountFallback;
  private final List<Integer> fellBack = new ArrayList<>();
  private final String[] vocab;
  private final int bos;
  /** Raw counts, replaced by adjusted counts in place; dropped once the model is laid out in word order. */
  private NgramCounts counts;
  private final double[][] discounts;
  /** Per order (index n-1): log10 p and log10 backoff per entry (order 1: per word id). */
  private final float[][] prob;
  private final float[][] backoff;
  /** Per order, once estimated: the words of entry e (in word order) at [e * n, e * n + n). */
  private final int[][] grams;

  public KneserNey(String[] vocab, int bos, NgramCounts rawCounts) {
    this(vocab, bos, rawCounts, false);
  }

  /**
   * With {@code discountFallback}, an order whose discounts are undefined or out of range (small or artificial
   * corpora) gets {@link #FALLBACK_DISCOUNTS}; without it, estimation stops there with the reason, as lmplz does.
   */
  public KneserNey(String[] vocab, int bos, NgramCounts rawCounts, boolean discountFallback) {
    this.order = rawCounts.order();
    this.discountFallback = discountFallback;
    this.vocab = vocab;
    this.bos = bos;
    this.counts = rawCounts;
    this.discounts = new double[order][];
    this.prob = new float[order][];
    this.backoff = new float[order][];
    this.grams = new int[order][];
  }

  public int order() {
    return order;
  }

  public KneserNey estimate() {
    // every n-gram's context (its first n-1 words) and suffix (its last n-1) as entries of order n-1, found
    // by walking both orders side by side in sorted order: merge joins, where a hash lookup per n-gram (two
    // dependent cache misses each) was most of the estimation's time
    int[][] forward = new int[order + 1][];
    IntStream.rangeClosed(1, order).parallel().forEach(n -> forward[n] = counts.table(n).sorted(vocab.length));
    int[][] contexts = new int[order + 1][];
    IntStream.rangeClosed(2, order).parallel().forEach(n ->
        contexts[n] = join(counts.table(n), forward[n], counts.table(n - 1), forward[n - 1]));
    int[][] suffixes = new int[order + 1][];
    int[][] newestFirst = new int[order + 1][];
    IntStream.rangeClosed(1, order).parallel().forEach(n ->
        newestFirst[n] = counts.table(n).newestFirstRecords(vocab.length));
    IntStream.rangeClosed(2, order).parallel().forEach(n ->
        suffixes[n] = suffixJoin(n, newestFirst[n], newestFirst[n - 1], counts.table(n - 1)));
    java.util.Arrays.fill(newestFirst, null); // (n + 1) ints per n-gram, not needed again
    adjust(suffixes);
    for (int n = 1; n <= order; n++) {
      long[] t = countsOfCounts(counts.table(n));
      double[] d = discounts(t);
      String bad = badDiscounts(n, t, d);
      if (bad != null && !discountFallback) {
        throw new ConfigException("Cannot estimate n-gram model: " + bad + "; modified Kneser-Ney needs a larger or "
            + "less repetitive corpus, or --discount-fallback (D1 0.5, D2 1, D3+ 1.5 for such orders, as lmplz's "
            + "--discount_fallback)");
      }
      if (bad != null) {
        d = FALLBACK_DISCOUNTS.clone();
        fellBack.add(n);
      }
      discounts[n - 1] = d;
    }
    probabilities(contexts, suffixes);
    IntStream.rangeClosed(2, order).parallel().forEach(n -> arrange(n, forward[n]));
    counts = null;
    return this;
  }

  /**
   * For each entry of {@code t} (order n), the entry of {@code shorter} (order n-1) holding its first n-1 words,
   * both orders sorted oldest word first: the wanted (n-1)-grams come in sorted order too, so one pointer walks
   * {@code shorter} forward once.
   */
  private static int[] join(NgramTable t, int[] tOrder, NgramTable shorter, int[] shorterOrder) {
    int n = t.order();
    int[] out = new int[t.size()];
    int p = 0;
    for (int e : tOrder) {
      while (true) {
        if (p == shorterOrder.length) {
          throw missing(shorter);
        }
        int c = shorterOrder[p];
        int cmp = 0;
        for (int j = 0; j < n - 1 && cmp == 0; j++) {
          cmp = Integer.compare(shorter.id(c, j), t.id(e, j));
        }
        if (cmp == 0) {
          break;
        }
        if (cmp > 0) {
          throw missing(shorter);
        }
        p++;
      }
      out[e] = shorterOrder[p];
    }
    return out;
  }

  /**
   * For each entry of order n, the entry of order n-1 holding its last n-1 words, from both orders' records
   * sorted newest word first ({@link NgramTable#newestFirstRecords}): a record's first n-1 words are its suffix,
   * newest first, so the suffixes come in sorted order and one pointer walks the shorter records forward once.
   */
  private static int[] suffixJoin(int n, int[] records, int[] shorterRecords, NgramTable shorter) {
    int stride = n + 1;
    int shorterStride = n;
    int[] out = new int[records.length / stride];
    int p = 0;
    int end = shorterRecords.length;
    for (int r = 0; r < records.length; r += stride) {
      while (true) {
        if (p == end) {
          throw missing(shorter);
        }
        int cmp = 0;
        for (int j = 0; j < n - 1 && cmp == 0; j++) {
          cmp = Integer.compare(shorterRecords[p + j], records[r + j]);
        }
        if (cmp == 0) {
          break;
        }
        if (cmp > 0) {
          throw missing(shorter);
        }
        p += shorterStride;
      }
      out[records[r + n]] = shorterRecords[p + n - 1];
    }
    return out;
  }

  /** Lays order n out in word order: its words, probabilities and backoffs gathered into flat arrays. */
  private void arrange(int n, int[] sorted) {
    NgramTable t = counts.table(n);
    int[] g = new int[sorted.length * n];
    float[] p = new float[sorted.length];
    float[] b = new float[sorted.length];
    float[] p0 = prob[n - 1];
    float[] b0 = backoff[n - 1];
    for (int k = 0; k < sorted.length; k++) {
      int e = sorted[k];
      for (int i = 0; i < n; i++) {
        g[k * n + i] = t.id(e, i);
      }
      p[k] = p0[e];
      b[k] = b0[e];
    }
    grams[n - 1] = g;
    prob[n - 1] = p;
    backoff[n - 1] = b;
  }

  /**
   * Orders are independent here (order n reads only the words of order n + 1 and their suffix entries), so they
   * run in parallel.
   */
  private void adjust(int[][] suffixes) {
    IntStream.range(1, order).parallel().forEach(n -> adjust(n, suffixes[n + 1]));
  }

  private void adjust(int n, int[] suffixOfLonger) {
    NgramTable t = counts.table(n);
    NgramTable longer = counts.table(n + 1);
    for (int e = 0; e < t.size(); e++) {
      if (t.id(e, 0) != bos) {
        t.setCount(e, 0);
      }
    }
    for (int e = 0; e < longer.size(); e++) {
      if (longer.id(e, 1) == bos) {
        continue;
      }
      int s = suffixOfLonger[e];
      t.setCount(s, t.count(s) + 1);
    }
  }

  /** Every prefix and suffix of a counted n-gram was counted itself, so a miss is a bug, not a case. */
  private static IllegalStateException missing(NgramTable shorter) {
    return new IllegalStateException("Cannot estimate n-gram model: a " + shorter.order() + "-gram inside a counted "
        + (shorter.order() + 1) + "-gram was not counted");
  }

  /** t[k]: the n-grams of adjusted count k, for k = 1 .. 4. */
  private static long[] countsOfCounts(NgramTable counts) {
    long[] t = new long[5];
    for (int e = 0; e < counts.size(); e++) {
      long c = counts.count(e);
      if (c >= 1 && c <= 4) {
        t[(int) c]++;
      }
    }
    return t;
  }

  private static double[] discounts(long[] t) {
    double y = (double) t[1] / (t[1] + 2.0 * t[2]);
    double[] d = new double[4];
    for (int k = 1; k <= 3; k++) {
      d[k] = k - (k + 1) * y * t[k + 1] / t[k];
    }
    return d;
  }

  /**
   * Why the discounts of order n cannot be used, or null: lmplz's two checks, every count of counts the
   * formulas divide by is there, and each D_k lies in [0, k].
   */
  static String badDiscounts(int n, long[] t, double[] d) {
    for (int k = 1; k <= 3; k++) {
      if (t[k] == 0) {
        return String.format("the %d-gram discounts are undefined, as no %d-gram has an adjusted count of %d %s", n, n,
            k, counted(n, t));
      }
    }
    for (int k = 1; k <= 3; k++) {
      if (!(d[k] >= 0 && d[k] <= k)) {
        return String.format("the %d-gram discount D%s is %.4f, outside [0, %d] %s", n, k == 3 ? "3+" : k, d[k], k,
            counted(n, t));
      }
    }
    return null;
  }

  private static String counted(int n, long[] t) {
    return String.format("(%d-grams of adjusted count 1, 2, 3, 4: %d, %d, %d, %d)", n, t[1], t[2], t[3], t[4]);
  }

  /** The orders that were given {@link #FALLBACK_DISCOUNTS}. */
  public List<Integer> fallbackOrders() {
    return List.copyOf(fellBack);
  }

  private double discount(int n, long count) {
    return discounts[n - 1][(int) Math.min(3, count)];
  }

  private void probabilities(int[][] contexts, int[][] suffixes) {
    // unigrams: the empty context's total and discounted mass; <s> is never predicted
    NgramTable uni = counts.table(1);
    double total = 0;
    double mass = 0;
    for (int e = 0; e < uni.size(); e++) {
      if (uni.id(e, 0) != bos) {
        total += uni.count(e);
        mass += discount(1, uni.count(e));
      }
    }
    int vocabSize = vocab.length - 1; // without <s>
    double uniform = mass / total / vocabSize;
    double[] lower = new double[vocab.length];
    java.util.Arrays.fill(lower, uniform);
    for (int e = 0; e < uni.size(); e++) {
      long a = uni.count(e);
      lower[uni.id(e, 0)] = (a - discount(1, a)) / total + uniform;
    }
    lower[bos] = 1.0; // lmplz writes log10 p(<s>) = 0: it is never predicted
    prob[0] = log10(lower);
    backoff[0] = new float[vocab.length];

    for (int n = 2; n <= order; n++) {
      NgramTable t = counts.table(n);
      NgramTable ctx = counts.table(n - 1);
      int[] context = contexts[n];
      int[] suffix = suffixes[n];
      if (n == 2) {
        // unigram figures are by word id, not by entry
        for (int e = 0; e < suffix.length; e++) {
          suffix[e] = uni.id(suffix[e], 0);
        }
      }
      // per context (an entry of order n-1): S(h) and the discounted mass, which becomes gamma(h)
      double[] sum = new double[ctx.size()];
      double[] discounted = new double[ctx.size()];
      for (int e = 0; e < t.size(); e++) {
        long a = t.count(e);
        sum[context[e]] += a;
        discounted[context[e]] += discount(n, a);
      }
      double[] p = new double[t.size()];
      for (int e = 0; e < t.size(); e++) {
        int c = context[e];
        long a = t.count(e);
        p[e] = (a - discount(n, a)) / sum[c] + discounted[c] / sum[c] * lower[suffix[e]];
      }
      float[] b = backoff[n - 2];
      for (int c = 0; c < ctx.size(); c++) {
        if (sum[c] > 0) {
          b[n == 2 ? ctx.id(c, 0) : c] = (float) Math.log10(discounted[c] / sum[c]);
        }
      }
      prob[n - 1] = log10(p);
      backoff[n - 1] = new float[t.size()];
      lower = p;
      contexts[n] = null;
      suffixes[n] = null;
    }
  }

  private static float[] log10(double[] p) {
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (float) Math.log10(p[i]);
    }
    return out;
  }

  /**
   * The estimated model as a queryable table, as if its ARPA file had been read; orders fill their own
   * tables, so they are filled in parallel. Entries go in from word order (region by region, see
   * {@link NgramModel#putAll}), so the probing tables (and the binary file) do not depend on how the counts
   * were partitioned.
   */
  public NgramModel toModel() {
    long[] sizes = new long[order];
    for (int n = 1; n <= order; n++) {
      sizes[n - 1] = ngrams(n);
    }
    NgramModel m = new NgramModel(order, vocab, sizes);
    IntStream.rangeClosed(1, order).parallel().forEach(n -> {
      if (n == 1) {
        for (int e = 0; e < ngrams(1); e++) {
          m.putUnigram(e, prob[0][e], backoff[0][e]);
        }
        return;
      }
      int[] newestFirst = new int[n];
      long[] keys = new long[ngrams(n)];
      for (int e = 0; e < keys.length; e++) {
        for (int i = 0; i < n; i++) {
          newestFirst[n - 1 - i] = word(n, e, i);
        }
        keys[e] = NgramModel.key(newestFirst, n);
      }
      m.putAll(n, keys, prob[n - 1], backoff[n - 1]);
    });
    return m;
  }

  /** The number of n-grams of order {@code n} in the model: its entries are 0 .. ngrams(n) - 1, in word order. */
  public int ngrams(int n) {
    return prob[n - 1].length;
  }

  /** The {@code i}-th word id (oldest first) of an entry of order {@code n} (order 1: the entry is the word id). */
  public int word(int n, int entry, int i) {
    return n == 1 ? entry : grams[n - 1][entry * n + i];
  }

  public float prob(int n, int entry) {
    return prob[n - 1][entry];
  }

  public float backoff(int n, int entry) {
    return backoff[n - 1][entry];
  }

  public String[] vocab() {
    return vocab;
  }

  public double[] discounts(int n) {
    return discounts[n - 1].clone();
  }
}
