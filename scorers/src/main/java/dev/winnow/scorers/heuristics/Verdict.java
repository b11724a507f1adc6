package dev.winnow.scorers.heuristics;

/** Collects rule outcomes in the reference order: the first failure is the reason, all are counted. */
final class Verdict {
  private String reason;
  private int passed;

  /** A rule whose threshold is 0 (or negative) is disabled, as in datatrove, and counts as passed. */
  void check(double threshold, boolean ok, String failReason) {
    check(threshold > 0, ok, failReason);
  }

  void check(boolean enabled, boolean ok, String failReason) {
    if (!enabled || ok) {
      passed++;
    } else if (reason == null) {
      reason = failReason;
    }
  }

  int write(Object[] out, int at) {
    out[at] = reason == null;
    out[at + 1] = reason;
    return passed;
  }
}
