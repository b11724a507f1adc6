package dev.winnow.schemas;

import java.util.List;
import java.util.Map;

/**
 * {@code OUT/_manifest.json}: what a score run read, how it configured every scorer, what it produced
 * and how every input record was accounted for. Written last: its presence marks a finished output.
 */
public record ScoreManifest(
    String kind,
    String winnowVersion,
    String runId,
    String createdAt,
    long seed,
    List<String> inputs,
    List<String> inputFiles,
    Map<String, String> readOptions,
    Counts counts,
    Map<String, Long> quarantineReasons,
    List<InputError> inputErrors,
    List<ScorerEntry> scorers,
    List<ColumnEntry> columns,
    Map<String, Double> stageSeconds,
    Map<String, Double> taskSeconds) {

  public static final String KIND = "winnow-scores";
  public static final String FILE = "_manifest.json";

  /** read = scored + quarantined always holds in a committed manifest. */
  public record Counts(long read, long scored, long quarantined, long truncated, long blankLines, long scoredChars) {
  }

  /** A file that ended early (a truncated .gz, say): what was read from it before the error. */
  public record InputError(String file, String error, long recordsRead, long bytesRead) {
  }

  public record ScorerEntry(String name, String version, Map<String, String> config) {
  }

  public record ColumnEntry(String name, String scorer, String type, String direction, String description) {
  }
}
