package dev.winnow.scorers;

/** Whether a larger value of a score means a better sample; sweeps use it as the default for --keep. */
public enum Direction {
  HIGHER_IS_BETTER,
  LOWER_IS_BETTER,
  /** Descriptive signals (a word count, a reason) that are not a quality order by themselves. */
  NEUTRAL
}
