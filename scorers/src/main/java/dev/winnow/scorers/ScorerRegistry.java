package dev.winnow.scorers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds scorers through {@link ServiceLoader}. */
public final class ScorerRegistry {
  private ScorerRegistry() {
  }

  /** Fresh instances of every registered scorer, sorted by name. */
  public static List<Scorer> all() {
    List<Scorer> found = new ArrayList<>();
    for (Scorer s : ServiceLoader.load(Scorer.class, ScorerRegistry.class.getClassLoader())) {
      found.add(s);
    }
    found.sort(Comparator.comparing(Scorer::name));
    return found;
  }

  /** A fresh instance of the named scorer. */
  public static Scorer create(String name) {
    List<Scorer> all = all();
    for (Scorer s : all) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new ConfigException("Cannot find scorer '" + name + "': known scorers are "
        + all.stream().map(Scorer::name).collect(Collectors.joining(", ")));
  }
}
