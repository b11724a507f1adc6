package dev.winnow.jobs;

import java.util.ArrayList;
import java.util.List;

/** Everything {@link SweepJob#run} needs. */
public final class SweepOptions {
  /** Which end of the score order to keep. */
  public enum Keep { HIGH, LOW, MIDDLE }

  /** How the discard fraction is applied. */
  public enum Mode { GLOBAL, PER_SOURCE, BATCH }

  public String scores;
  /** A score column or a SQL expression over score columns. */
  public String by;
  public Keep keep;
  public List<String> discard = new ArrayList<>(List.of("0.1", "0.25", "0.5", "0.75", "0.9"));
  public String output;
  public Mode mode = Mode.GLOBAL;
  public int batchSize = 0;
  public long seed = 0;
  /** Also write the score columns next to id, source, text and metadata. */
  public boolean withScores = false;
  /** Repartition the scores before sweeping (0: as read); the selection does not depend on it. */
  public int partitions = 0;
}
