package dev.winnow.scorers.heuristics;

import static dev.winnow.scorers.Direction.LOWER_IS_BETTER;

import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.ScorerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gopher repetition rules (Rae et al. 2021, table A1) as datatrove's GopherRepetitionFilter computes
 * them. N-grams are keyed by a polynomial hash of their joined text, so equal strings always share a key
 * without building the strings (a 64-bit collision inside one document is negligible).
 */
final class GopherRepetitionRules implements RuleSet {
  private static final Pattern PARAGRAPHS = Pattern.compile("\n{2,}");
  private static final Pattern LINES = Pattern.compile("\n+");
  private static final long BASE = 0x9E3779B97F4A7C15L | 1L;
  private static final int[] TOP_N = {2, 3, 4};
  private static final int[] DUP_N = {5, 6, 7, 8, 9, 10};

  static final Param<Double> DUP_LINE = Param.ofDouble("rep_max_dup_line_frac",
      "Maximum fraction of lines that repeat an earlier line (0 disables)", 0.3, 0, 1);
  static final Param<Double> DUP_PARA = Param.ofDouble("rep_max_dup_para_frac",
      "Maximum fraction of paragraphs that repeat an earlier one (0 disables)", 0.3, 0, 1);
  static final Param<Double> DUP_LINE_CHAR = Param.ofDouble("rep_max_dup_line_char_frac",
      "Maximum fraction of characters in repeated lines (0 disables)", 0.2, 0, 1);
  static final Param<Double> DUP_PARA_CHAR = Param.ofDouble("rep_max_dup_para_char_frac",
      "Maximum fraction of characters in repeated paragraphs (0 disables)", 0.2, 0, 1);
  static final List<Param<Double>> TOP = List.of(
      Param.ofDouble("rep_max_top_2gram_frac", "Maximum character fraction of the most frequent 2-gram", 0.2, 0, 1),
      Param.ofDouble("rep_max_top_3gram_frac", "Maximum character fraction of the most frequent 3-gram", 0.18, 0, 1),
      Param.ofDouble("rep_max_top_4gram_frac", "Maximum character fraction of the most frequent 4-gram", 0.16, 0, 1));
  static final List<Param<Double>> DUP = List.of(
      Param.ofDouble("rep_max_dup_5gram_frac", "Maximum character fraction in repeated 5-grams", 0.15, 0, 1),
      Param.ofDouble("rep_max_dup_6gram_frac", "Maximum character fraction in repeated 6-grams", 0.14, 0, 1),
      Param.ofDouble("rep_max_dup_7gram_frac", "Maximum character fraction in repeated 7-grams", 0.13, 0, 1),
      Param.ofDouble("rep_max_dup_8gram_frac", "Maximum character fraction in repeated 8-grams", 0.12, 0, 1),
      Param.ofDouble("rep_max_dup_9gram_frac", "Maximum character fraction in repeated 9-grams", 0.11, 0, 1),
      Param.ofDouble("rep_max_dup_10gram_frac", "Maximum character fraction in repeated 10-grams", 0.10, 0, 1));

  private double dupLine;
  private double dupPara;
  private double dupLineChar;
  private double dupParaChar;
  private final double[] top = new double[TOP_N.length];
  private final double[] dup = new double[DUP_N.length];

  @Override
  public String name() {
    return "gopher_repetition";
  }

  @Override
  public List<Param<?>> params() {
    List<Param<?>> all = new ArrayList<>(List.of(DUP_LINE, DUP_PARA, DUP_LINE_CHAR, DUP_PARA_CHAR));
    all.addAll(TOP);
    all.addAll(DUP);
    return all;
  }

  @Override
  public List<ScoreColumn> signals() {
    List<ScoreColumn> cols = new ArrayList<>();
    cols.add(new ScoreColumn("rep_dup_para_frac", ScoreType.DOUBLE, LOWER_IS_BETTER, "Repeated paragraphs / paragraphs"));
    cols.add(new ScoreColumn("rep_dup_para_char_frac", ScoreType.DOUBLE, LOWER_IS_BETTER,
        "Characters in repeated paragraphs / characters"));
    cols.add(new ScoreColumn("rep_dup_line_frac", ScoreType.DOUBLE, LOWER_IS_BETTER, "Repeated lines / lines"));
    cols.add(new ScoreColumn("rep_dup_line_char_frac", ScoreType.DOUBLE, LOWER_IS_BETTER,
        "Characters in repeated lines / characters"));
    for (int n : TOP_N) {
      cols.add(new ScoreColumn("rep_top_" + n + "gram_frac", ScoreType.DOUBLE, LOWER_IS_BETTER,
          "Characters covered by the most frequent " + n + "-gram / characters"));
    }
    for (int n : DUP_N) {
      cols.add(new ScoreColumn("rep_dup_" + n + "gram_frac", ScoreType.DOUBLE, LOWER_IS_BETTER,
          "Characters in repeated " + n + "-grams / characters"));
    }
    return cols;
  }

  @Override
  public void configure(ScorerConfig c) {
    dupLine = c.get(DUP_LINE);
    dupPara = c.get(DUP_PARA);
    dupLineChar = c.get(DUP_LINE_CHAR);
    dupParaChar = c.get(DUP_PARA_CHAR);
    for (int i = 0; i < TOP.size(); i++) {
      top[i] = c.get(TOP.get(i));
    }
    for (int i = 0; i < DUP.size(); i++) {
      dup[i] = c.get(DUP.get(i));
    }
  }

  @Override
  public int ruleCount() {
    return 4 + TOP_N.length + DUP_N.length;
  }

  @Override
  public int evaluate(DocView doc, Object[] out, int at) {
    String text = doc.text;
    double len = doc.length;
    String[] paragraphs = PARAGRAPHS.split(PyText.strip(text), -1);
    long[] paraDup = duplicates(paragraphs);
    String[] lines = LINES.split(text, -1);
    long[] lineDup = duplicates(lines);
    double paraFrac = (double) paraDup[0] / paragraphs.length;
    double paraCharFrac = GopherQualityRules.ratio(paraDup[1], len);
    double lineFrac = (double) lineDup[0] / lines.length;
    double lineCharFrac = GopherQualityRules.ratio(lineDup[1], len);

    List<String> words = doc.words();
    int n = words.size();
    long[] wordHash = new long[n];
    int[] wordLen = new int[n];
    for (int i = 0; i < n; i++) {
      String w = words.get(i);
      wordHash[i] = hash(w);
      wordLen[i] = PyText.len(w);
    }
    double[] topFrac = new double[TOP_N.length];
    for (int k = 0; k < TOP_N.length; k++) {
      topFrac[k] = GopherQualityRules.ratio(topDuplicateChars(words, wordHash, wordLen, TOP_N[k]), len);
    }
    double[] dupFrac = new double[DUP_N.length];
    for (int k = 0; k < DUP_N.length; k++) {
      dupFrac[k] = GopherQualityRules.ratio(allDuplicateChars(words, wordLen, DUP_N[k]), len);
    }

    int o = at;
    out[o++] = paraFrac;
    out[o++] = paraCharFrac;
    out[o++] = lineFrac;
    out[o++] = lineCharFrac;
    for (double f : topFrac) {
      out[o++] = f;
    }
    for (double f : dupFrac) {
      out[o++] = f;
    }

    Verdict v = new Verdict();
    v.check(dupPara, !(paraFrac > dupPara), "dup_para_frac");
    v.check(dupParaChar, !(paraCharFrac > dupParaChar), "dup_para_char_frac");
    v.check(dupLine, !(lineFrac > dupLine), "dup_line_frac");
    v.check(dupLineChar, !(lineCharFrac > dupLineChar), "dup_line_char_frac");
    for (int k = 0; k < TOP_N.length; k++) {
      v.check(top[k], !(topFrac[k] > top[k]), "top_" + TOP_N[k] + "_gram");
    }
    for (int k = 0; k < DUP_N.length; k++) {
      v.check(dup[k], !(dupFrac[k] > dup[k]), "duplicated_" + DUP_N[k] + "_n_grams");
    }
    return v.write(out, o);
  }

  /** datatrove's find_duplicates: {repeated elements, characters in them}. */
  static long[] duplicates(String[] items) {
    Set<String> seen = new HashSet<>(items.length * 2);
    long elements = 0;
    long chars = 0;
    for (String s : items) {
      if (!seen.add(s)) {
        elements++;
        chars += PyText.len(s);
      }
    }
    return new long[] {elements, chars};
  }

  /**
   * Characters of the most frequent space-joined n-gram times its count; among equally frequent ones the
   * first seen wins, as with Python's Counter.most_common(1).
   */
  private static long topDuplicateChars(List<String> words, long[] wordHash, int[] wordLen, int n) {
    int grams = words.size() - n + 1;
    if (grams <= 0) {
      return 0;
    }
    Map<Long, int[]> counts = new HashMap<>(grams * 2);
    int bestCount = 0;
    int bestFirst = Integer.MAX_VALUE;
    int bestLen = 0;
    for (int i = 0; i < grams; i++) {
      long h = 0;
      int chars = n - 1;
      for (int j = i; j < i + n; j++) {
        h = h * 31 + wordHash[j];
        chars += wordLen[j];
      }
      int[] entry = counts.computeIfAbsent(h, k -> new int[2]);
      if (entry[0] == 0) {
        entry[1] = i;
      }
      entry[0]++;
      if (entry[0] > bestCount || (entry[0] == bestCount && entry[1] < bestFirst)) {
        bestCount = entry[0];
        bestFirst = entry[1];
        bestLen = chars;
      }
    }
    return (long) bestLen * bestCount;
  }

  /**
   * datatrove's find_all_duplicate: slide over n-grams joined without separator; a repeat counts its
   * characters and jumps past itself. Keys hash the concatenated characters, so ["ab","c"] equals ["a","bc"]
   * exactly as the joined strings do.
   */
  private static long allDuplicateChars(List<String> words, int[] wordLen, int n) {
    int count = words.size();
    Set<Long> seen = new HashSet<>();
    long repeated = 0;
    int idx = 0;
    while (idx < count - n + 1) {
      long h = 0;
      int chars = 0;
      for (int j = idx; j < idx + n; j++) {
        h = extend(h, words.get(j));
        chars += wordLen[j];
      }
      if (seen.contains(h)) {
        repeated += chars;
        idx += n;
      } else {
        seen.add(h);
        idx++;
      }
    }
    return repeated;
  }

  private static long hash(String s) {
    return extend(0x7A3C5D1E2B4F6A89L, s) * 0xBF58476D1CE4E5B9L;
  }

  private static long extend(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = h * BASE + s.charAt(i);
    }
    return h;
  }
}
