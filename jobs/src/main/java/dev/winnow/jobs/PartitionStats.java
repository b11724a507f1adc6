package dev.winnow.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one task read and where each record went; summed on the driver to reconcile the run. */
public final class PartitionStats {
  public long read;
  public long docs;
  public long quarantined;
  public long truncated;
  public long blankLines;
  public long chars;
  /** Task time spent reading and parsing input, in scorers, and in all (writing the rows, mostly). */
  public long readNanos;
  public long scoreNanos;
  public long taskNanos;
  public Map<String, Long> reasons = new TreeMap<>();
  public List<Map<String, Object>> inputErrors = new ArrayList<>();

  public void add(PartitionStats o) {
    read += o.read;
    docs += o.docs;
    quarantined += o.quarantined;
    truncated += o.truncated;
    blankLines += o.blankLines;
    chars += o.chars;
    readNanos += o.readNanos;
    scoreNanos += o.scoreNanos;
    taskNanos += o.taskNanos;
    o.reasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
    inputErrors.addAll(o.inputErrors);
  }
}
