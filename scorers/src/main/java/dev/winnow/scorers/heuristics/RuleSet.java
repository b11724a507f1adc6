package dev.winnow.scorers.heuristics;

import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScorerConfig;
import java.util.List;

/**
 * One published rule set. It writes its signal columns, then its pass flag and its drop reason (the
 * first failing rule in the reference implementation's order, null when it passes).
 */
interface RuleSet {
  String name();

  List<Param<?>> params();

  /** Signal columns; {@code <name>_pass} and {@code <name>_reason} follow them. */
  List<ScoreColumn> signals();

  void configure(ScorerConfig config);

  int ruleCount();

  /** Fills signals, pass and reason from {@code out[offset]} on; returns how many rules passed. */
  int evaluate(DocView doc, Object[] out, int offset);
}
