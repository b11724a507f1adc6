package dev.winnow.jobs;

import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerRegistry;
import java.io.Serializable;

/** A scorer chosen for a run, with its validated options: what travels to executors. */
public record ScorerSpec(String name, ScorerConfig config) implements Serializable {
  public Scorer create() {
    return ScorerRegistry.create(name);
  }
}
