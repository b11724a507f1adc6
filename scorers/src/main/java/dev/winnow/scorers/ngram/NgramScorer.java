package dev.winnow.scorers.ngram;

import static dev.winnow.scorers.Direction.HIGHER_IS_BETTER;
import static dev.winnow.scorers.Direction.LOWER_IS_BETTER;
import static dev.winnow.scorers.Direction.NEUTRAL;

import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Perplexity under a KenLM-compatible n-gram model (an ARPA file from KenLM's lmplz or Winnow's
 * train-ngram), computed as CCNet does: every line of the document is a sentence ending in {@code </s>},
 * and the document's perplexity is {@code 10^(-sum of log10 p / tokens)} over all its lines, {@code </s>}
 * and unknown words counted as tokens.
 */
public final class NgramScorer implements Scorer {
  static final Param<String> MODEL = Param.ofString("model",
      "Path of the model: ARPA (.arpa, .arpa.gz; KenLM's or Winnow's) or Winnow's binary .wngram, readable "
          + "by every executor", "", true);
  static final Param<String> NORMALIZE = Param.ofChoice("normalize",
      "Text preparation before whitespace tokenization: none, or ccnet (lowercase, no accents, digits to 0, "
          + "ASCII punctuation); must be what the model was trained with", "none", List.of("none", "ccnet"));

  private NgramQuery query;
  private TextPrep prep;
  /** The model's training split from its card (0 for a separate reference corpus), or null without a card. */
  private Double splitFraction;
  private long splitSeed;

  @Override
  public String name() {
    return "ngram";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public List<Param<?>> params() {
    return List.of(MODEL, NORMALIZE);
  }

  @Override
  public List<ScoreColumn> columns() {
    return List.of(
        new ScoreColumn("ppl", ScoreType.DOUBLE, LOWER_IS_BETTER,
            "Perplexity 10^(-log10 prob / tokens), </s> per line and unknown words counted; null without tokens"),
        new ScoreColumn("log10_prob", ScoreType.DOUBLE, HIGHER_IS_BETTER, "Total log10 probability of all lines"),
        new ScoreColumn("tokens", ScoreType.LONG, NEUTRAL, "Words plus one </s> per non-empty line"),
        new ScoreColumn("oov_rate", ScoreType.DOUBLE, LOWER_IS_BETTER, "Share of the words outside the vocabulary"),
        new ScoreColumn("in_reference", ScoreType.BOOLEAN, NEUTRAL,
            "Whether the model was trained on this document (its card's reference split); null for a model "
                + "without a card"));
  }

  @Override
  public void open(ScorerContext context) {
    String model = context.config().get(MODEL);
    prep = TextPrep.of(context.config().get(NORMALIZE));
    ModelCard card = ModelCard.beside(Path.of(model));
    if (card != null && !card.normalize().equals(prep.label())) {
      throw new ConfigException("Cannot score with n-gram model " + model + ": it was trained with --normalize "
          + card.normalize() + ", the scorer is set to " + prep.label() + " (--conf ngram.normalize="
          + card.normalize() + ")");
    }
    query = new NgramQuery(NgramModels.get(Path.of(model)));
    splitFraction = null;
    if (card != null) {
      boolean separate = card.provenance().path("protocol").asText("reference").equals("reference");
      splitFraction = separate ? 0.0 : card.provenance().path("reference_fraction").asDouble(1);
      splitSeed = card.provenance().path("seed").asLong();
    }
  }

  @Override
  public List<Object[]> score(List<Document> batch) {
    List<Object[]> out = new ArrayList<>(batch.size());
    for (Document d : batch) {
      double total = 0;
      long tokens = 0;
      long words = 0;
      long oov = 0;
      // lines are scored in place in the document's text (after normalization, when there is one)
      String text = d.text();
      for (int start = 0; start <= text.length(); ) {
        int nl = text.indexOf('\n', start);
        int end = nl < 0 ? text.length() : nl;
        NgramQuery.LineScore s;
        if (prep == TextPrep.NONE) {
          s = query.line(text, start, end);
        } else {
          String line = prep.prepare(text.substring(start, end));
          s = query.line(line, 0, line.length());
        }
        if (s.tokens() > 0) {
          total += s.log10Prob();
          tokens += s.tokens();
          words += s.tokens() - 1;
          oov += s.oov();
        }
        start = end + 1;
      }
      Boolean inReference = splitFraction == null ? null : ReferenceSplit.inReference(d.id(), splitSeed, splitFraction);
      if (tokens == 0) {
        out.add(new Object[] {null, null, 0L, null, inReference});
      } else {
        out.add(new Object[] {Math.pow(10, -total / tokens), total, tokens, words == 0 ? 0.0 : (double) oov / words,
            inReference});
      }
    }
    return out;
  }

  @Override
  public void close() {
    query = null; // the model stays loaded for the executor's other tasks
  }
}
