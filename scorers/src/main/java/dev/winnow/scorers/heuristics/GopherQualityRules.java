package dev.winnow.scorers.heuristics;

import static dev.winnow.scorers.Direction.HIGHER_IS_BETTER;
import static dev.winnow.scorers.Direction.LOWER_IS_BETTER;
import static dev.winnow.scorers.Direction.NEUTRAL;

import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.ScorerConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Gopher quality rules (Rae et al. 2021, appendix A1), with datatrove's GopherQualityFilter defaults. */
final class GopherQualityRules implements RuleSet {
  /** datatrove's PUNCTUATION_SET: a token made only of these is a symbol, not a word. */
  private static final String PUNCTUATION = "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»";

  static final Param<Integer> MIN_WORDS = Param.ofInt("gopher_min_doc_words",
      "Minimum number of non-symbol words (0 disables)", 50, 0, Integer.MAX_VALUE);
  static final Param<Integer> MAX_WORDS = Param.ofInt("gopher_max_doc_words",
      "Maximum number of non-symbol words (0 disables)", 100_000, 0, Integer.MAX_VALUE);
  static final Param<Double> MIN_AVG = Param.ofDouble("gopher_min_avg_word_length",
      "Minimum mean length of non-symbol words (0 disables)", 3, 0, 1e9);
  static final Param<Double> MAX_AVG = Param.ofDouble("gopher_max_avg_word_length",
      "Maximum mean length of non-symbol words (0 disables)", 10, 0, 1e9);
  static final Param<Double> MAX_SYMBOL = Param.ofDouble("gopher_max_symbol_word_ratio",
      "Maximum '#' per word and '...' per word (0 disables)", 0.1, 0, 1e9);
  static final Param<Double> MAX_BULLETS = Param.ofDouble("gopher_max_bullet_lines_ratio",
      "Maximum fraction of lines starting with a bullet or dash (0 disables)", 0.9, 0, 1);
  static final Param<Double> MAX_END_ELLIPSIS = Param.ofDouble("gopher_max_ellipsis_lines_ratio",
      "Maximum fraction of lines ending with an ellipsis (0 disables)", 0.3, 0, 1);
  static final Param<Double> MIN_ALPHA = Param.ofDouble("gopher_min_alpha_words_ratio",
      "Minimum fraction of words with an alphabetic character (datatrove: max_non_alpha_words_ratio; 0 disables)",
      0.8, 0, 1);
  static final Param<Integer> MIN_STOP = Param.ofInt("gopher_min_stop_words",
      "Minimum number of stop words (0 disables)", 2, 0, Integer.MAX_VALUE);
  static final Param<List<String>> STOP_WORDS = Param.ofStringList("gopher_stop_words",
      "Stop words counted, case-sensitive", List.of("the", "be", "to", "of", "and", "that", "have", "with"), null);

  private int minWords;
  private int maxWords;
  private double minAvg;
  private double maxAvg;
  private double maxSymbol;
  private double maxBullets;
  private double maxEndEllipsis;
  private double minAlpha;
  private int minStop;
  private Set<String> stopWords;
  private StringShapes stopShapes;
  private int minStopLength;
  private int maxStopLength;

  @Override
  public String name() {
    return "gopher_quality";
  }

  @Override
  public List<Param<?>> params() {
    return List.of(MIN_WORDS, MAX_WORDS, MIN_AVG, MAX_AVG, MAX_SYMBOL, MAX_BULLETS, MAX_END_ELLIPSIS, MIN_ALPHA,
        MIN_STOP, STOP_WORDS);
  }

  @Override
  public List<ScoreColumn> signals() {
    return List.of(
        new ScoreColumn("gopher_words", ScoreType.LONG, NEUTRAL, "Words that are not only punctuation"),
        new ScoreColumn("gopher_mean_word_length", ScoreType.DOUBLE, NEUTRAL, "Mean length of those words"),
        new ScoreColumn("gopher_hash_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER, "'#' characters per token"),
        new ScoreColumn("gopher_ellipsis_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER, "Ellipses per token"),
        new ScoreColumn("gopher_bullet_lines_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Fraction of lines starting with a bullet or dash"),
        new ScoreColumn("gopher_ellipsis_lines_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Fraction of lines ending with an ellipsis"),
        new ScoreColumn("gopher_alpha_words_ratio", ScoreType.DOUBLE, HIGHER_IS_BETTER,
            "Fraction of tokens with an alphabetic character"),
        new ScoreColumn("gopher_stop_words", ScoreType.LONG, HIGHER_IS_BETTER, "Stop-word tokens"));
  }

  @Override
  public void configure(ScorerConfig c) {
    minWords = c.get(MIN_WORDS);
    maxWords = c.get(MAX_WORDS);
    minAvg = c.get(MIN_AVG);
    maxAvg = c.get(MAX_AVG);
    maxSymbol = c.get(MAX_SYMBOL);
    maxBullets = c.get(MAX_BULLETS);
    maxEndEllipsis = c.get(MAX_END_ELLIPSIS);
    minAlpha = c.get(MIN_ALPHA);
    minStop = c.get(MIN_STOP);
    stopWords = new HashSet<>(c.get(STOP_WORDS));
    stopShapes = new StringShapes(stopWords);
    minStopLength = stopWords.stream().mapToInt(String::length).min().orElse(0);
    maxStopLength = stopWords.stream().mapToInt(String::length).max().orElse(-1);
  }

  @Override
  public int ruleCount() {
    return 10;
  }

  @Override
  public int evaluate(DocView doc, Object[] out, int at) {
    String text = doc.text;
    List<String> words = doc.words();
    int nWords = words.size();
    int nonSymbol = 0;
    long nonSymbolChars = 0;
    int alphaWords = 0;
    int stop = 0;
    for (String w : words) {
      if (!isSymbol(w)) {
        nonSymbol++;
        nonSymbolChars += PyText.len(w);
      }
      if (PyText.hasAlpha(w)) {
        alphaWords++;
      }
      if (w.length() >= minStopLength && w.length() <= maxStopLength && stopShapes.mayContain(w)
          && stopWords.contains(w)) {
        stop++;
      }
    }
    double meanLength = nonSymbol == 0 ? Double.NaN : (double) nonSymbolChars / nonSymbol;
    double hashRatio = ratio(PyText.count(text, "#"), nWords);
    double ellipsisRatio = ratio(PyText.count(text, "...") + PyText.count(text, "…"), nWords);
    List<String> lines = doc.lines();
    int bullets = 0;
    int endEllipsis = 0;
    for (String line : lines) {
      int first = 0;
      while (first < line.length() && PyText.isSpace(line.charAt(first))) {
        first++;
      }
      if (first < line.length() && (line.charAt(first) == '•' || line.charAt(first) == '-')) {
        bullets++;
      }
      int end = line.length();
      while (end > 0 && PyText.isSpace(line.charAt(end - 1))) {
        end--;
      }
      if (line.startsWith("...", end - 3) || (end > 0 && line.charAt(end - 1) == '…')) {
        endEllipsis++;
      }
    }
    double bulletRatio = ratio(bullets, lines.size());
    double endEllipsisRatio = ratio(endEllipsis, lines.size());
    double alphaRatio = ratio(alphaWords, nWords);

    out[at] = (long) nonSymbol;
    out[at + 1] = nonSymbol == 0 ? null : meanLength;
    out[at + 2] = hashRatio;
    out[at + 3] = ellipsisRatio;
    out[at + 4] = bulletRatio;
    out[at + 5] = endEllipsisRatio;
    out[at + 6] = alphaRatio;
    out[at + 7] = (long) stop;

    // NaN comparisons are false, as numpy's are: a document without words fails only on its length
    Verdict v = new Verdict();
    v.check(minWords, nonSymbol >= minWords, "gopher_short_doc");
    v.check(maxWords, nonSymbol <= maxWords, "gopher_long_doc");
    v.check(minAvg, !(meanLength < minAvg), "gopher_below_avg_threshold");
    v.check(maxAvg, !(meanLength > maxAvg), "gopher_above_avg_threshold");
    v.check(maxSymbol, !(hashRatio > maxSymbol), "gopher_too_many_hashes");
    v.check(maxSymbol, !(ellipsisRatio > maxSymbol), "gopher_too_many_ellipsis");
    v.check(maxBullets, !(bulletRatio > maxBullets), "gopher_too_many_bullets");
    v.check(maxEndEllipsis, !(endEllipsisRatio > maxEndEllipsis), "gopher_too_many_end_ellipsis");
    v.check(minAlpha, !(alphaRatio < minAlpha), "gopher_below_alpha_threshold");
    v.check(minStop, stop >= minStop, "gopher_enough_stop_words");
    return v.write(out, at + 8);
  }

  /** A zero denominator gives 0 rather than datatrove's ZeroDivisionError. */
  static double ratio(double num, double den) {
    return den == 0 ? 0.0 : num / den;
  }

  private static final java.util.BitSet SYMBOLS = symbols();

  private static java.util.BitSet symbols() {
    java.util.BitSet set = new java.util.BitSet(0x10000);
    PUNCTUATION.chars().forEach(set::set);
    set.set(0, 9);
    set.set(11, 32);
    set.set(127, 160);
    return set;
  }

  private static boolean isSymbol(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (!SYMBOLS.get(w.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
