package dev.winnow.scorers.heuristics;

import static dev.winnow.scorers.Direction.HIGHER_IS_BETTER;
import static dev.winnow.scorers.Direction.NEUTRAL;

import dev.winnow.scorers.Document;
import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The heuristic quality signals every curation tool has: Gopher quality, Gopher repetition, C4 and
 * FineWeb rules, each signal its own column, a pass flag and drop reason per rule set, and
 * {@code quality}: the fraction of the 30 individual rules (10 Gopher quality, 13 Gopher repetition,
 * 3 C4 page rules, 4 FineWeb) that the document passes, each judged on its own. 1.0 passes everything;
 * the finer grain than four pass flags is what lets a sweep rank documents by it.
 */
public final class HeuristicsScorer implements Scorer {
  public static final String NAME = "heuristics";

  private final List<RuleSet> ruleSets = List.of(new GopherQualityRules(), new GopherRepetitionRules(),
      new C4Rules(), new FineWebRules());
  private final SpacyEnglishTokenizer tokenizer = new SpacyEnglishTokenizer();
  private final List<ScoreColumn> columns = buildColumns();
  private final int[] widths = ruleSets.stream().mapToInt(r -> r.signals().size() + 2).toArray();
  private int totalRules;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public List<Param<?>> params() {
    List<Param<?>> all = new ArrayList<>();
    for (RuleSet r : ruleSets) {
      all.addAll(r.params());
    }
    return all;
  }

  @Override
  public List<ScoreColumn> columns() {
    return columns;
  }

  private List<ScoreColumn> buildColumns() {
    List<ScoreColumn> cols = new ArrayList<>();
    for (RuleSet r : ruleSets) {
      cols.addAll(r.signals());
      cols.add(new ScoreColumn(r.name() + "_pass", ScoreType.BOOLEAN, HIGHER_IS_BETTER,
          "Whether the document passes every " + r.name() + " rule"));
      cols.add(new ScoreColumn(r.name() + "_reason", ScoreType.STRING, NEUTRAL,
          "First failing " + r.name() + " rule, in datatrove's naming; null when it passes"));
    }
    cols.add(new ScoreColumn("quality", ScoreType.DOUBLE, HIGHER_IS_BETTER,
        "Fraction of the individual rules passed, in [0, 1]"));
    return List.copyOf(cols);
  }

  @Override
  public void open(ScorerContext context) {
    configure(context.config());
  }

  /** Applies validated options; also the entry point for in-process use without a context. */
  public HeuristicsScorer configure(ScorerConfig config) {
    totalRules = 0;
    for (RuleSet r : ruleSets) {
      r.configure(config);
      totalRules += r.ruleCount();
    }
    return this;
  }

  @Override
  public List<Object[]> score(List<Document> batch) {
    int width = columns.size();
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (Document d : batch) {
      rows.add(score(d.text(), width));
    }
    return rows;
  }

  private Object[] score(String text, int width) {
    Object[] out = new Object[width];
    DocView view = new DocView(text, tokenizer);
    int at = 0;
    int passed = 0;
    for (int i = 0; i < ruleSets.size(); i++) {
      passed += ruleSets.get(i).evaluate(view, out, at);
      at += widths[i];
    }
    out[at] = (double) passed / totalRules;
    return out;
  }

  @Override
  public void close() {
  }
}
