package dev.winnow.schemas;

import java.util.List;
import java.util.Map;

/** {@code SWEEP/_sweep.json}: one entry per filter rate, with its thresholds, composition and reconciliation. */
public record SweepManifest(
    String kind,
    String winnowVersion,
    String runId,
    String createdAt,
    String scores,
    String scoresRunId,
    String by,
    String keep,
    String mode,
    Integer batchSize,
    Long seed,
    long inputDocs,
    long inputChars,
    List<Rate> rates,
    Map<String, Double> stageSeconds) {

  public static final String KIND = "winnow-sweep";
  public static final String FILE = "_sweep.json";

  public record Rate(
      String discard,
      String path,
      long keptDocs,
      long keptChars,
      long discardedDocs,
      /** Kept score interval over the whole set (global mode), or null. */
      Bound threshold,
      /** Kept score interval per source (per-source mode), or null. */
      Map<String, Bound> sourceThresholds,
      /**
       * Batch mode: over all batches, the range of the score at each batch's cut (its first kept document in
       * the worst-first order: the lowest kept score with --keep high, the highest with --keep low), or null.
       */
      Bound batchThresholds,
      Map<String, SourceCount> perSource,
      Reconciliation reconciliation) {
  }

  /** The scores of the kept documents lie in [lower, upper] (null: unbounded on that side). */
  public record Bound(Double lower, Double upper) {
  }

  public record SourceCount(long inputDocs, long keptDocs, long keptChars) {
  }

  /** input = kept + discarded, and the rows read back from the written Parquet equal kept. */
  public record Reconciliation(long input, long kept, long discarded, long written, boolean ok) {
  }
}
