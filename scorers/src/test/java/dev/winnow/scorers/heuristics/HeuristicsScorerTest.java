package dev.winnow.scorers.heuristics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each signal on documents small enough to count by hand. The expected numbers follow the rule
 * definitions (Gopher table A1, C4, FineWeb) as datatrove computes them; the comments show the counting.
 */
class HeuristicsScorerTest {
  private static final double EPS = 1e-12;

  private static Map<String, Object> score(String text, Map<String, String> conf) {
    HeuristicsScorer s = new HeuristicsScorer();
    s.configure(ScorerConfig.resolve(s.name(), s.params(), conf));
    Object[] row = s.score(List.of(new Document("d", "test", text))).get(0);
    Map<String, Object> byName = new HashMap<>();
    List<ScoreColumn> cols = s.columns();
    for (int i = 0; i < cols.size(); i++) {
      byName.put(cols.get(i).name(), row[i]);
    }
    return byName;
  }

  private static Map<String, Object> score(String text) {
    return score(text, Map.of());
  }

  @Test
  void gopherQualitySignals() {
    // tokens: The cat sat on the mat . The dog ran to the park .  -> 14 tokens, 12 words
    // word lengths 3+3+3+2+3+3+3+3+3+2+3+4 = 35; stop words (case-sensitive): the, the, to = 3
    Map<String, Object> s = score("The cat sat on the mat. The dog ran to the park.");
    assertEquals(12L, s.get("gopher_words"));
    assertEquals(35.0 / 12, (Double) s.get("gopher_mean_word_length"), EPS);
    assertEquals(12.0 / 14, (Double) s.get("gopher_alpha_words_ratio"), EPS);
    assertEquals(3L, s.get("gopher_stop_words"));
    assertEquals(0.0, (Double) s.get("gopher_hash_ratio"), EPS);
    assertEquals(false, s.get("gopher_quality_pass"));
    assertEquals("gopher_short_doc", s.get("gopher_quality_reason"));
  }

  @Test
  void gopherSymbolBulletAndEllipsisRatios() {
    // lines: "# a b ...", "- c d", "• e f…"  -> 3 lines, 2 bullet lines (dash and bullet), 2 end in an ellipsis
    // tokens: # a b ... - c d • e f … -> 11; one '#', two ellipses ("..." and "…")
    Map<String, Object> s = score("# a b ...\n- c d\n• e f…");
    assertEquals(1.0 / 11, (Double) s.get("gopher_hash_ratio"), EPS);
    assertEquals(2.0 / 11, (Double) s.get("gopher_ellipsis_ratio"), EPS);
    assertEquals(2.0 / 3, (Double) s.get("gopher_bullet_lines_ratio"), EPS);
    assertEquals(2.0 / 3, (Double) s.get("gopher_ellipsis_lines_ratio"), EPS);
  }

  @Test
  void gopherQualityPassesOnOrdinaryProse() {
    String sentence = "The committee reviewed the proposal and agreed that the plan should go ahead with the budget. ";
    Map<String, Object> s = score(sentence.repeat(4));
    assertEquals(true, s.get("gopher_quality_pass"));
    assertNull(s.get("gopher_quality_reason"));
  }

  @Test
  void gopherRepetitionSignals() {
    // 36 characters; paragraphs (split on blank lines) are distinct; lines: [a b c, a b c, d e, x y z w v, x y z w v]
    // -> 2 repeated lines of 5 + 9 characters; top 2-gram "a b" x2 = 6 chars; top 3-gram "a b c" x2 = 10;
    // top 4-gram "x y z w" x2 = 14; repeated 5-gram "xyzwv" = 5 chars; no repeated 6..10-grams
    Map<String, Object> s = score("a b c\na b c\nd e\n\nx y z w v\nx y z w v");
    assertEquals(0.0, (Double) s.get("rep_dup_para_frac"), EPS);
    assertEquals(2.0 / 5, (Double) s.get("rep_dup_line_frac"), EPS);
    assertEquals(14.0 / 36, (Double) s.get("rep_dup_line_char_frac"), EPS);
    assertEquals(6.0 / 36, (Double) s.get("rep_top_2gram_frac"), EPS);
    assertEquals(10.0 / 36, (Double) s.get("rep_top_3gram_frac"), EPS);
    assertEquals(14.0 / 36, (Double) s.get("rep_top_4gram_frac"), EPS);
    assertEquals(5.0 / 36, (Double) s.get("rep_dup_5gram_frac"), EPS);
    assertEquals(0.0, (Double) s.get("rep_dup_6gram_frac"), EPS);
    assertEquals(false, s.get("gopher_repetition_pass"));
    assertEquals("dup_line_frac", s.get("gopher_repetition_reason"));

    // paragraphs "Para one." "Para two." "Para one." -> one repeat of 9 characters in 31
    Map<String, Object> p = score("Para one.\n\nPara two.\n\nPara one.");
    assertEquals(1.0 / 3, (Double) p.get("rep_dup_para_frac"), EPS);
    assertEquals(9.0 / 31, (Double) p.get("rep_dup_para_char_frac"), EPS);
    assertEquals("dup_para_frac", p.get("gopher_repetition_reason"));
  }

  private static final String C4_DOC = String.join("\n",
      "First line is here.",
      "short.",
      "This line has javascript in it.",
      "No punctuation here",
      "We use cookies on this site.",
      "A good line. With two sentences!",
      "Another good one here.",
      "Third fine line here.",
      "Fourth line of text.");

  @Test
  void c4Signals() {
    // kept: lines 1, 6, 7, 8, 9 -> 5 lines, 1 + 2 + 1 + 1 + 1 = 6 sentences; 1 of 9 lines lacks punctuation;
    // 1 of the 8 punctuated lines is too short; one javascript line, one cookie line
    Map<String, Object> s = score(C4_DOC);
    assertEquals(9L, s.get("c4_lines"));
    assertEquals(5L, s.get("c4_kept_lines"));
    assertEquals(6L, s.get("c4_sentences"));
    assertEquals(1.0 / 9, (Double) s.get("c4_no_terminal_punct_ratio"), EPS);
    assertEquals(1.0 / 8, (Double) s.get("c4_short_lines_ratio"), EPS);
    assertEquals(1L, s.get("c4_javascript_lines"));
    assertEquals(1L, s.get("c4_policy_lines"));
    assertEquals(true, s.get("c4_pass"));
    assertEquals(false, score(C4_DOC, Map.of("c4_min_sentences", "7")).get("c4_pass"));
    assertEquals("too_few_sentences", score(C4_DOC, Map.of("c4_min_sentences", "7")).get("c4_reason"));
    assertEquals("curly_bracket", score(C4_DOC + "\nThe set {a, b} is small.").get("c4_reason"));
  }

  @Test
  void fineWebSignals() {
    // 9 non-empty lines, 8 end in terminal punctuation; 7 are at most 30 characters long
    // (lengths 19, 6, 31, 19, 28, 32, 22, 21, 20); no repeated line; 8 newlines
    Map<String, Object> s = score(C4_DOC);
    assertEquals(8.0 / 9, (Double) s.get("fineweb_line_punct_ratio"), EPS);
    assertEquals(7.0 / 9, (Double) s.get("fineweb_short_line_ratio"), EPS);
    assertEquals(0.0, (Double) s.get("fineweb_char_dup_ratio"), EPS);
    // 47 tokens: 5 + 2 + 7 + 3 + 7 + 8 + 5 + 5 + 5 (final periods and "!" split off)
    assertEquals(8.0 / 47, (Double) s.get("fineweb_list_ratio"), EPS);
    assertEquals(false, s.get("fineweb_pass"));
    assertEquals("short_line_ratio", s.get("fineweb_reason"));
    assertEquals(true, score(C4_DOC, Map.of("fineweb_short_line_thr", "0.8")).get("fineweb_pass"));
  }

  /** Failed rules re-derived from the signal columns and the default thresholds. */
  private static int failedRules(Map<String, Object> s) {
    long words = (Long) s.get("gopher_words");
    Double mean = (Double) s.get("gopher_mean_word_length");
    boolean[] fails = {
        words < 50, words > 100_000, mean != null && mean < 3, mean != null && mean > 10,
        (Double) s.get("gopher_hash_ratio") > 0.1, (Double) s.get("gopher_ellipsis_ratio") > 0.1,
        (Double) s.get("gopher_bullet_lines_ratio") > 0.9, (Double) s.get("gopher_ellipsis_lines_ratio") > 0.3,
        (Double) s.get("gopher_alpha_words_ratio") < 0.8, (Long) s.get("gopher_stop_words") < 2,
        (Double) s.get("rep_dup_para_frac") > 0.3, (Double) s.get("rep_dup_para_char_frac") > 0.2,
        (Double) s.get("rep_dup_line_frac") > 0.3, (Double) s.get("rep_dup_line_char_frac") > 0.2,
        (Double) s.get("rep_top_2gram_frac") > 0.2, (Double) s.get("rep_top_3gram_frac") > 0.18,
        (Double) s.get("rep_top_4gram_frac") > 0.16, (Double) s.get("rep_dup_5gram_frac") > 0.15,
        (Double) s.get("rep_dup_6gram_frac") > 0.14, (Double) s.get("rep_dup_7gram_frac") > 0.13,
        (Double) s.get("rep_dup_8gram_frac") > 0.12, (Double) s.get("rep_dup_9gram_frac") > 0.11,
        (Double) s.get("rep_dup_10gram_frac") > 0.10,
        (Boolean) s.get("c4_lorem_ipsum"), (Boolean) s.get("c4_curly_bracket"), (Long) s.get("c4_sentences") < 5,
        (Double) s.get("fineweb_line_punct_ratio") < 0.12, (Double) s.get("fineweb_short_line_ratio") > 0.67,
        (Double) s.get("fineweb_char_dup_ratio") > 0.01, (Double) s.get("fineweb_list_ratio") > 0.3};
    assertEquals(30, fails.length);
    int n = 0;
    for (boolean f : fails) {
      n += f ? 1 : 0;
    }
    return n;
  }

  @Test
  void qualityIsTheFractionOfRulesPassed() {
    // the C4 document fails three rules: fewer than 50 words, one stop word ("of"), too many short lines
    Map<String, Object> c4 = score(C4_DOC);
    assertEquals(3, failedRules(c4));
    assertEquals(27.0 / 30, (Double) c4.get("quality"), EPS);
    for (String text : List.of("a b c\na b c\nd e\n\nx y z w v\nx y z w v",
        "The committee reviewed the proposal and agreed that the plan should go ahead with the budget. ".repeat(4),
        "# a b ...\n- c d\n• e f…")) {
      Map<String, Object> s = score(text);
      assertEquals((30.0 - failedRules(s)) / 30, (Double) s.get("quality"), EPS, text);
    }
  }

  @Test
  void optionsAreValidated() {
    HeuristicsScorer s = new HeuristicsScorer();
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> ScorerConfig.resolve(s.name(), s.params(), Map.of("nope", "1")));
    assertEquals(true, unknown.getMessage().startsWith("Cannot configure scorer 'heuristics': unknown option 'nope'"));
    ConfigException bad = assertThrows(ConfigException.class,
        () -> ScorerConfig.resolve(s.name(), s.params(), Map.of("gopher_min_doc_words", "many")));
    assertEquals("Cannot configure scorer 'heuristics': option 'gopher_min_doc_words' must be an integer in [0, "
        + Integer.MAX_VALUE + "], got 'many'", bad.getMessage());
    assertThrows(ConfigException.class,
        () -> ScorerConfig.resolve(s.name(), s.params(), Map.of("fineweb_short_line_thr", "1.5")));
  }

  @Test
  void registeredThroughServiceLoader() {
    assertEquals("heuristics", ScorerRegistry.create("heuristics").name());
    assertThrows(ConfigException.class, () -> ScorerRegistry.create("nope"));
  }
}
