package dev.winnow.scorers.heuristics;

import static dev.winnow.scorers.Direction.HIGHER_IS_BETTER;
import static dev.winnow.scorers.Direction.LOWER_IS_BETTER;

import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.ScorerConfig;
import java.util.ArrayList;
import java.util.List;

/** FineWeb's custom quality rules (Penedo et al. 2024) as datatrove's FineWebQualityFilter computes them. */
final class FineWebRules implements RuleSet {
  static final Param<Double> LINE_PUNCT = Param.ofDouble("fineweb_line_punct_thr",
      "Minimum fraction of non-empty lines ending in terminal punctuation", 0.12, 0, 1);
  static final Param<Boolean> LINE_PUNCT_EXCLUDE_ZERO = Param.ofBoolean("fineweb_line_punct_exclude_zero",
      "Do not drop documents where no line ends in punctuation", false);
  static final Param<Double> SHORT_LINE = Param.ofDouble("fineweb_short_line_thr",
      "Maximum fraction of short non-empty lines", 0.67, 0, 1);
  static final Param<Integer> SHORT_LINE_LENGTH = Param.ofInt("fineweb_short_line_length",
      "A line of at most this many characters is short", 30, 0, Integer.MAX_VALUE);
  static final Param<Double> CHAR_DUP = Param.ofDouble("fineweb_char_dup_ratio",
      "Maximum fraction of characters in repeated lines", 0.01, 0, 1);
  static final Param<Double> NEW_LINE = Param.ofDouble("fineweb_new_line_ratio",
      "Maximum newlines per word (list-like pages)", 0.3, 0, 1e9);

  private double linePunct;
  private boolean excludeZero;
  private double shortLine;
  private int shortLineLength;
  private double charDup;
  private double newLine;

  @Override
  public String name() {
    return "fineweb";
  }

  @Override
  public List<Param<?>> params() {
    return List.of(LINE_PUNCT, LINE_PUNCT_EXCLUDE_ZERO, SHORT_LINE, SHORT_LINE_LENGTH, CHAR_DUP, NEW_LINE);
  }

  @Override
  public List<ScoreColumn> signals() {
    return List.of(
        new ScoreColumn("fineweb_line_punct_ratio", ScoreType.DOUBLE, HIGHER_IS_BETTER,
            "Fraction of non-empty lines ending in terminal punctuation"),
        new ScoreColumn("fineweb_short_line_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Fraction of non-empty lines that are short"),
        new ScoreColumn("fineweb_char_dup_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Characters in repeated lines / characters excluding newlines"),
        new ScoreColumn("fineweb_list_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER, "Newlines per word"));
  }

  @Override
  public void configure(ScorerConfig c) {
    linePunct = c.get(LINE_PUNCT);
    excludeZero = c.get(LINE_PUNCT_EXCLUDE_ZERO);
    shortLine = c.get(SHORT_LINE);
    shortLineLength = c.get(SHORT_LINE_LENGTH);
    charDup = c.get(CHAR_DUP);
    newLine = c.get(NEW_LINE);
  }

  @Override
  public int ruleCount() {
    return 4;
  }

  @Override
  public int evaluate(DocView doc, Object[] out, int at) {
    String text = doc.text;
    List<String> lines = new ArrayList<>();
    for (String line : PyText.splitOn(text, '\n')) {
      if (!PyText.strip(line).isEmpty()) {
        lines.add(line);
      }
    }
    int punct = 0;
    int shortLines = 0;
    for (String line : lines) {
      if (!line.isEmpty() && Sentencizer.TERMINALS.indexOf(line.charAt(line.length() - 1)) >= 0) {
        punct++;
      }
      if (PyText.len(line) <= shortLineLength) {
        shortLines++;
      }
    }
    int n = lines.size();
    double punctRatio = GopherQualityRules.ratio(punct, n);
    double shortRatio = GopherQualityRules.ratio(shortLines, n);
    long dupChars = GopherRepetitionRules.duplicates(lines.toArray(new String[0]))[1];
    int newlines = PyText.count(text, "\n");
    double dupRatio = GopherQualityRules.ratio(dupChars, doc.length - newlines);
    double listRatio = GopherQualityRules.ratio(newlines, doc.words().size());

    out[at] = punctRatio;
    out[at + 1] = shortRatio;
    out[at + 2] = dupRatio;
    out[at + 3] = listRatio;

    Verdict v = new Verdict();
    v.check(true, n > 0 && !(punctRatio < linePunct && !(punctRatio == 0 && excludeZero)),
        n == 0 ? "empty" : "line_punct_ratio");
    v.check(true, !(shortRatio > shortLine), "short_line_ratio");
    v.check(true, !(dupRatio > charDup), "char_dup_ratio");
    v.check(true, !(listRatio > newLine), "list_ratio");
    return v.write(out, at + 4);
  }
}
