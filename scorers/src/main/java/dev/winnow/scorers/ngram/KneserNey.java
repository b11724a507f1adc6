package dev.winnow.scorers.ngram;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * N-grams are keyed by their word ids, oldest first, packed two chars per id into a String: compact, and
 * hashable as is. Hand-written because no JVM library estimates KenLM-compatible models.
 */
public final class KneserNey {
  private final int order;
  private final String[] vocab;
  private final int bos;
  private final int unk;
  /** Per order (index n-1): n-gram key -> raw count. */
  private final List<Map<String, Long>> raw;
  private final List<Map<String, Long>> adjusted = new ArrayList<>();
  private final double[][] discounts;
  /** Per order: n-gram key -> {log10 p, log10 backoff}. */
  private final List<Map<String, float[]>> model = new ArrayList<>();

  public KneserNey(int order, String[] vocab, int bos, int unk, List<Map<String, Long>> rawCounts) {
    this.order = order;
    this.vocab = vocab;
    this.bos = bos;
    this.unk = unk;
    this.raw = rawCounts;
    this.discounts = new double[order][];
  }

  public static String key(int[] ids, int from, int length) {
    char[] c = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int id = ids[from + i];
      c[2 * i] = (char) (id >>> 16);
      c[2 * i + 1] = (char) id;
    }
    return new String(c);
  }

  static int id(String key, int i) {
    return (key.charAt(2 * i) << 16) | key.charAt(2 * i + 1);
  }

  static int length(String key) {
    return key.length() / 2;
  }

  public KneserNey estimate() {
    adjust();
    for (int n = 1; n <= order; n++) {
      discounts[n - 1] = discounts(adjusted.get(n - 1));
    }
    probabilities();
    return this;
  }

  private void adjust() {
    for (int n = 1; n <= order; n++) {
      Map<String, Long> a = new HashMap<>();
      if (n == order) {
        a.putAll(raw.get(n - 1));
      } else {
        for (Map.Entry<String, Long> e : raw.get(n - 1).entrySet()) {
          if (id(e.getKey(), 0) == bos) {
            a.put(e.getKey(), e.getValue());
          }
        }
        for (String longer : raw.get(n).keySet()) {
          String suffix = longer.substring(2);
          if (id(suffix, 0) != bos) {
            a.merge(suffix, 1L, Long::sum);
          }
        }
      }
      adjusted.add(a);
    }
  }

  private static double[] discounts(Map<String, Long> counts) {
    long[] t = new long[5];
    for (long c : counts.values()) {
      if (c >= 1 && c <= 4) {
        t[(int) c]++;
      }
    }
    double y = (double) t[1] / (t[1] + 2.0 * t[2]);
    double[] d = new double[4];
    for (int k = 1; k <= 3; k++) {
      d[k] = k - (k + 1) * y * t[k + 1] / t[k];
    }
    return d;
  }

  private double discount(int n, long count) {
    return discounts[n - 1][(int) Math.min(3, count)];
  }

  private void probabilities() {
    // per context of each order: S(h) and the discounted mass, which becomes gamma(h)
    List<Map<String, double[]>> contexts = new ArrayList<>();
    for (int n = 1; n <= order; n++) {
      Map<String, double[]> ctx = new HashMap<>();
      for (Map.Entry<String, Long> e : adjusted.get(n - 1).entrySet()) {
        if (n == 1 && id(e.getKey(), 0) == bos) {
          continue; // <s> is never predicted
        }
        double[] sm = ctx.computeIfAbsent(e.getKey().substring(0, 2 * (n - 1)), k -> new double[2]);
        sm[0] += e.getValue();
        sm[1] += discount(n, e.getValue());
      }
      contexts.add(ctx);
    }
    int vocabSize = vocab.length - 1; // without <s>
    double[] empty = contexts.get(0).get("");
    double uniform = empty[1] / empty[0] / vocabSize;
    Map<String, Double> lower = new HashMap<>();
    Map<String, float[]> unigrams = new HashMap<>();
    for (int w = 0; w < vocab.length; w++) {
      String k = key(new int[] {w}, 0, 1);
      double p;
      if (w == bos) {
        p = 1.0; // lmplz writes log10 p(<s>) = 0: it is never predicted
      } else {
        Long a = adjusted.get(0).get(k);
        double count = a == null ? 0 : a;
        p = (count == 0 ? 0 : (count - discount(1, (long) count)) / empty[0]) + uniform;
      }
      lower.put(k, p);
      unigrams.put(k, new float[] {(float) Math.log10(p), 0f});
    }
    model.add(unigrams);
    for (int n = 2; n <= order; n++) {
      Map<String, double[]> ctx = contexts.get(n - 1);
      Map<String, Double> current = new HashMap<>();
      Map<String, float[]> entries = new HashMap<>();
      for (Map.Entry<String, Long> e : adjusted.get(n - 1).entrySet()) {
        String g = e.getKey();
        double[] sm = ctx.get(g.substring(0, 2 * (n - 1)));
        double p = (e.getValue() - discount(n, e.getValue())) / sm[0]
            + sm[1] / sm[0] * lower.get(g.substring(2));
        current.put(g, p);
        entries.put(g, new float[] {(float) Math.log10(p), 0f});
      }
      // backoffs of the (n-1)-grams that are contexts here
      Map<String, float[]> prev = model.get(n - 2);
      for (Map.Entry<String, double[]> c : ctx.entrySet()) {
        float[] pb = prev.get(c.getKey());
        if (pb != null) {
          pb[1] = (float) Math.log10(c.getValue()[1] / c.getValue()[0]);
        }
      }
      model.add(entries);
      lower = current;
    }
  }

  /** The estimated model as a queryable table, as if its ARPA file had been read. */
  public NgramModel toModel() {
    long[] counts = new long[order];
    for (int n = 1; n <= order; n++) {
      counts[n - 1] = model.get(n - 1).size();
    }
    NgramModel m = new NgramModel(order, vocab, counts);
    int[] ids = new int[order];
    for (int n = 1; n <= order; n++) {
      for (Map.Entry<String, float[]> e : model.get(n - 1).entrySet()) {
        for (int i = 0; i < n; i++) {
          ids[n - 1 - i] = id(e.getKey(), i);
        }
        m.put(n, NgramModel.key(ids, n), e.getValue()[0], e.getValue()[1]);
      }
    }
    return m;
  }

  /** log10 probability and backoff per n-gram of order {@code n}. */
  public Map<String, float[]> ngrams(int n) {
    return model.get(n - 1);
  }

  public String[] vocab() {
    return vocab;
  }

  public double[] discounts(int n) {
    return discounts[n - 1].clone();
  }

  /** Writes the model as an ARPA file: unigrams in vocabulary order, higher orders sorted by their words. */
  public void writeArpa(Writer out) throws IOException {
    out.write("\n\\data\\\n");
    for (int n = 1; n <= order; n++) {
      out.write("ngram " + n + "=" + model.get(n - 1).size() + "\n");
    }
    for (int n = 1; n <= order; n++) {
      out.write("\n\\" + n + "-grams:\n");
      List<String> keys = new ArrayList<>(model.get(n - 1).keySet());
      if (n > 1) {
        keys.sort(null);
      } else {
        keys.sort((a, b) -> Integer.compare(id(a, 0), id(b, 0)));
      }
      StringBuilder line = new StringBuilder();
      for (String k : keys) {
        float[] pb = model.get(n - 1).get(k);
        line.setLength(0);
        line.append(fmt(pb[0])).append('\t');
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            line.append(' ');
          }
          line.append(vocab[id(k, i)]);
        }
        if (n < order) {
          line.append('\t').append(fmt(pb[1]));
        }
        out.write(line.append('\n').toString());
      }
    }
    out.write("\n\\end\\\n");
  }

  private static String fmt(float v) {
    return v == 0f ? "0" : Float.toString(v);
  }
}
