package dev.winnow.scorers;

import java.util.List;

/**
 * A rater. Implementations are plain Java (no Spark), found through {@link java.util.ServiceLoader}
 * (list them in {@code META-INF/services/dev.winnow.scorers.Scorer}) and need a public no-argument
 * constructor.
 *
 * <p>Life cycle: {@link #open} once per task before the first batch (load models there, sharing
 * anything heavy per JVM), {@link #score} for each batch, {@link #close} when the task ends, whether it
 * succeeded or not, and also when {@link #open} itself threw.
 */
public interface Scorer extends AutoCloseable {

  /** Short lower_snake_case name, used in {@code --scorers}, {@code --conf name.key=value} and column names. */
  String name();

  /** Version of the scoring logic; bump it whenever the same input would get different scores. */
  String version();

  /** The options this scorer accepts, with their defaults. */
  List<Param<?>> params();

  /** The columns every call to {@link #score} fills, in order. */
  List<ScoreColumn> columns();

  void open(ScorerContext context) throws Exception;

  /**
   * Scores a batch. Returns one array per document, in the batch's order, each holding one value per
   * column in {@link #columns()} order, typed as the column's {@link ScoreType} says (null allowed).
   */
  List<Object[]> score(List<Document> batch);

  @Override
  void close();
}
