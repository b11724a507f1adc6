package dev.winnow.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code OUTPUT/_sweeps.json}: the index of a sweep file's outputs, rewritten after every sweep so an
 * interrupted batch keeps what it finished. A re-run skips an entry only when its status is complete, its
 * directory holds a {@code _sweep.json} of the recorded run, and the scores and parameters are unchanged.
 */
public record SweepBatchManifest(
    String kind,
    String winnowVersion,
    String planFile,
    String scores,
    String scoresRunId,
    String updatedAt,
    List<Entry> sweeps) {

  public static final String KIND = "winnow-sweep-batch";
  public static final String FILE = "_sweeps.json";

  public enum Status {
    @JsonProperty("complete") COMPLETE,
    @JsonProperty("failed") FAILED,
    @JsonProperty("pending") PENDING
  }

  /** One sweep of the batch: what it selects, where it went, and how it ended. */
  public record Entry(
      String name,
      String path,
      String by,
      String keep,
      String mode,
      Integer batchSize,
      Long seed,
      List<String> discard,
      boolean withScores,
      Status status,
      String runId,
      String scoresRunId,
      /** Kept documents per discard rate, from the sweep's own manifest. */
      Map<String, Long> keptDocs,
      Double seconds,
      String error) {

    /** The parameters that decide the output: equal keys mean the same output from the same scores. */
    public List<Object> key() {
      return List.of(path, by, String.valueOf(keep), mode, String.valueOf(batchSize), String.valueOf(seed), discard,
          withScores);
    }
  }
}
