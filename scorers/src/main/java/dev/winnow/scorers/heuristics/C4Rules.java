package dev.winnow.scorers.heuristics;

import static dev.winnow.scorers.Direction.HIGHER_IS_BETTER;
import static dev.winnow.scorers.Direction.LOWER_IS_BETTER;
import static dev.winnow.scorers.Direction.NEUTRAL;

import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.ScorerConfig;
import java.util.List;
import java.util.regex.Pattern;

/**
 * C4's page rules (Raffel et al. 2020) as datatrove's C4QualityFilter applies them line by line: a line
 * survives if it has no over-long word, ends in terminal punctuation (not an ellipsis), has enough words,
 * and mentions neither javascript nor a cookie/terms policy; "lorem ipsum" or "{" in a surviving line drops
 * the page; sentences are counted on the surviving lines. The loop runs to the end so every signal is
 * complete; the decision and its reason are the reference's.
 */
final class C4Rules implements RuleSet {
  private static final Pattern CITATION = Pattern.compile("\\[\\d*]|\\[edit]|\\[citation needed]");
  /** C4's terminal punctuation: single chars, so a line's last char decides. */
  private static final String END_PUNCTUATION = ".?!\"'";
  private static final String[] POLICY = {"terms of use", "privacy policy", "cookie policy", "uses cookies",
      "use of cookies", "use cookies"};

  static final Param<Integer> MIN_SENTENCES = Param.ofInt("c4_min_sentences",
      "Minimum sentences on the kept lines (-1 disables)", 5, -1, Integer.MAX_VALUE);
  static final Param<Integer> MIN_WORDS_PER_LINE = Param.ofInt("c4_min_words_per_line",
      "Lines with fewer whitespace-separated words are dropped (-1 disables)", 3, -1, Integer.MAX_VALUE);
  static final Param<Integer> MAX_WORD_LENGTH = Param.ofInt("c4_max_word_length",
      "Lines with a longer word are dropped (-1 disables)", 1000, -1, Integer.MAX_VALUE);
  static final Param<Boolean> REMOVE_CITATIONS = Param.ofBoolean("c4_remove_citations",
      "Remove Wikipedia-style [1], [edit], [citation needed] before the checks", true);
  static final Param<Boolean> TERMINAL_PUNCT = Param.ofBoolean("c4_filter_no_terminal_punct",
      "Drop lines that do not end in . ? ! \" or '", true);
  static final Param<Boolean> LOREM = Param.ofBoolean("c4_filter_lorem_ipsum", "Drop pages with 'lorem ipsum'", true);
  static final Param<Boolean> JAVASCRIPT = Param.ofBoolean("c4_filter_javascript",
      "Drop lines mentioning javascript", true);
  static final Param<Boolean> CURLY = Param.ofBoolean("c4_filter_curly_bracket", "Drop pages with '{'", true);
  static final Param<Boolean> POLICY_LINES = Param.ofBoolean("c4_filter_policy",
      "Drop lines about cookies and terms of use", true);

  private int minSentences;
  private int minWordsPerLine;
  private int maxWordLength;
  private boolean removeCitations;
  private boolean terminalPunct;
  private boolean lorem;
  private boolean javascript;
  private boolean curly;
  private boolean policy;

  @Override
  public String name() {
    return "c4";
  }

  @Override
  public List<Param<?>> params() {
    return List.of(MIN_SENTENCES, MIN_WORDS_PER_LINE, MAX_WORD_LENGTH, REMOVE_CITATIONS, TERMINAL_PUNCT, LOREM,
        JAVASCRIPT, CURLY, POLICY_LINES);
  }

  @Override
  public List<ScoreColumn> signals() {
    return List.of(
        new ScoreColumn("c4_lines", ScoreType.LONG, NEUTRAL, "Lines in the document"),
        new ScoreColumn("c4_kept_lines", ScoreType.LONG, HIGHER_IS_BETTER, "Lines that survive the line rules"),
        new ScoreColumn("c4_sentences", ScoreType.LONG, HIGHER_IS_BETTER, "Sentences on the surviving lines"),
        new ScoreColumn("c4_no_terminal_punct_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Fraction of lines without terminal punctuation"),
        new ScoreColumn("c4_short_lines_ratio", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Fraction of punctuated lines with too few words"),
        new ScoreColumn("c4_javascript_lines", ScoreType.LONG, LOWER_IS_BETTER, "Candidate lines mentioning javascript"),
        new ScoreColumn("c4_policy_lines", ScoreType.LONG, LOWER_IS_BETTER, "Candidate lines about cookies or terms"),
        new ScoreColumn("c4_lorem_ipsum", ScoreType.BOOLEAN, LOWER_IS_BETTER, "A candidate line has 'lorem ipsum'"),
        new ScoreColumn("c4_curly_bracket", ScoreType.BOOLEAN, LOWER_IS_BETTER, "A candidate line has '{'"));
  }

  @Override
  public void configure(ScorerConfig c) {
    minSentences = c.get(MIN_SENTENCES);
    minWordsPerLine = c.get(MIN_WORDS_PER_LINE);
    maxWordLength = c.get(MAX_WORD_LENGTH);
    removeCitations = c.get(REMOVE_CITATIONS);
    terminalPunct = c.get(TERMINAL_PUNCT);
    lorem = c.get(LOREM);
    javascript = c.get(JAVASCRIPT);
    curly = c.get(CURLY);
    policy = c.get(POLICY_LINES);
  }

  @Override
  public int ruleCount() {
    return 3;
  }

  @Override
  public int evaluate(DocView doc, Object[] out, int at) {
    List<String> lines = doc.lines();
    int kept = 0;
    int sentences = 0;
    int noPunct = 0;
    int punctuated = 0;
    int shortLines = 0;
    int jsLines = 0;
    int policyLines = 0;
    boolean loremSeen = false;
    boolean curlySeen = false;
    String pageReason = null;
    for (int li = 0; li < lines.size(); li++) {
      String line = PyText.strip(lines.get(li));
      boolean cited = false;
      long words = wordsAndLongest(line);
      if (maxWordLength != -1 && (int) words > maxWordLength) {
        continue;
      }
      if (removeCitations && line.indexOf('[') >= 0) {
        String cleaned = CITATION.matcher(line).replaceAll("");
        cited = !cleaned.equals(line);
        line = cleaned;
      }
      if (terminalPunct && (!endsWithAny(line) || line.endsWith("..."))) {
        noPunct++;
        continue;
      }
      punctuated++;
      if ((words >>> 32) < minWordsPerLine) {
        shortLines++;
        continue;
      }
      String lower = lowerAscii(line);
      if (lorem && lower.contains("lorem ipsum")) {
        loremSeen = true;
        pageReason = pageReason == null ? "lorem_ipsum" : pageReason;
        continue;
      }
      if (javascript && lower.contains("javascript")) {
        jsLines++;
        continue;
      }
      if (curly && line.indexOf('{') >= 0) {
        curlySeen = true;
        pageReason = pageReason == null ? "curly_bracket" : pageReason;
        continue;
      }
      if (policy && containsPolicy(lower)) {
        policyLines++;
        continue;
      }
      if (minSentences != -1) {
        // an unchanged line has the tokens the whole-document pass already made
        sentences += Sentencizer.count(cited ? doc.tokenizer().tokenize(line) : doc.lineWords(li));
      }
      kept++;
    }
    int o = at;
    out[o++] = (long) lines.size();
    out[o++] = (long) kept;
    out[o++] = (long) sentences;
    out[o++] = GopherQualityRules.ratio(noPunct, lines.size());
    out[o++] = GopherQualityRules.ratio(shortLines, punctuated);
    out[o++] = (long) jsLines;
    out[o++] = (long) policyLines;
    out[o++] = loremSeen;
    out[o++] = curlySeen;

    boolean enoughSentences = minSentences == -1 || sentences >= minSentences;
    // the reference stops at the first page-level hit, so that is the reason even if sentences are short too
    String reason = pageReason != null ? pageReason : enoughSentences ? null : "too_few_sentences";
    out[o] = reason == null;
    out[o + 1] = reason;
    return (loremSeen ? 0 : 1) + (curlySeen ? 0 : 1) + (enoughSentences ? 1 : 0);
  }

  /** Lower-cases ASCII only: every phrase looked for is ASCII, and the rest need not be copied twice. */
  private static String lowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return s.toLowerCase(java.util.Locale.ROOT);
      }
    }
    return s;
  }

  /** {@code line.split()} without the strings: word count in the high half, longest word in the low half. */
  private static long wordsAndLongest(String line) {
    long count = 0;
    int longest = 0;
    int current = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (PyText.isSpace(c)) {
        current = 0;
      } else {
        if (current == 0) {
          count++;
        }
        if (!Character.isLowSurrogate(c)) {
          current++;
        }
        longest = Math.max(longest, current);
      }
    }
    return (count << 32) | longest;
  }

  private static boolean endsWithAny(String line) {
    return !line.isEmpty() && END_PUNCTUATION.indexOf(line.charAt(line.length() - 1)) >= 0;
  }

  private static boolean containsPolicy(String lower) {
    for (String p : POLICY) {
      if (lower.contains(p)) {
        return true;
      }
    }
    return false;
  }
}
