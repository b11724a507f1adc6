package dev.winnow.scorers.heuristics;

import static dev.winnow.scorers.Direction.LOWER_IS_BETTER;

import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.ScorerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gopher repetition rules (Rae et al. 2021, table A1) as datatrove's GopherRepetitionFilter computes
 * them. N-grams are keyed by a polynomial hash of their joined text, so equal strings always share a key
 * without building the strings (a 64-bit collision inside one document is negligible).
 */
final class GopherRepetitionRules implements RuleSet {
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
    String[] paragraphs = splitOnNewlineRuns(PyText.strip(text), 2);
    long[] paraDup = duplicates(paragraphs);
    String[] lines = splitOnNewlineRuns(text, 1);
    long[] lineDup = duplicates(lines);
    double paraFrac = (double) paraDup[0] / paragraphs.length;
    double paraCharFrac = GopherQualityRules.ratio(paraDup[1], len);
    double lineFrac = (double) lineDup[0] / lines.length;
    double lineCharFrac = GopherQualityRules.ratio(lineDup[1], len);

    List<String> words = doc.words();
    GopherNGrams grams = new GopherNGrams(words);
    double[] topFrac = new double[TOP_N.length];
    for (int k = 0; k < TOP_N.length; k++) {
      topFrac[k] = GopherQualityRules.ratio(grams.topDuplicateChars(TOP_N[k]), len);
    }
    double[] dupFrac = new double[DUP_N.length];
    grams.preparePowers(DUP_N[DUP_N.length - 1]);
    for (int k = 0; k < DUP_N.length; k++) {
      dupFrac[k] = GopherQualityRules.ratio(grams.allDuplicateChars(DUP_N[k]), len);
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

  /** Python's {@code re.split("\\n{min,}", s)}: runs of at least {@code min} newlines separate, ends kept. */
  static String[] splitOnNewlineRuns(String s, int min) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      if (s.charAt(i) == '\n') {
        int j = i;
        while (j < n && s.charAt(j) == '\n') {
          j++;
        }
        if (j - i >= min) {
          parts.add(s.substring(start, i));
          start = j;
        }
        i = j;
      } else {
        i++;
      }
    }
    parts.add(s.substring(start));
    return parts.toArray(new String[0]);
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
}
