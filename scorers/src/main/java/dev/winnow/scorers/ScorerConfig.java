package dev.winnow.scorers;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scorer's options after validation: every declared option has a value (given or default), and the
 * string forms are what travels to executors and into the manifest.
 */
public final class ScorerConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String scorer;
  private final Map<String, String> resolved;

  private ScorerConfig(String scorer, Map<String, String> resolved) {
    this.scorer = scorer;
    this.resolved = Collections.unmodifiableMap(resolved);
  }

  /** Validates {@code given} against the scorer's declared params; unknown keys and bad values throw. */
  public static ScorerConfig resolve(String scorer, List<Param<?>> params, Map<String, String> given) {
    Map<String, Param<?>> byName = new LinkedHashMap<>();
    for (Param<?> p : params) {
      byName.put(p.name(), p);
    }
    for (String key : given.keySet()) {
      if (!byName.containsKey(key)) {
        throw new ConfigException("Cannot configure scorer '" + scorer + "': unknown option '" + key
            + "' (known: " + byName.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
      }
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    for (Param<?> p : params) {
      resolved.put(p.name(), canonical(scorer, p, given.get(p.name())));
    }
    return new ScorerConfig(scorer, resolved);
  }

  private static <T> String canonical(String scorer, Param<T> p, String raw) {
    if (raw == null && !p.accepts(p.defaultValue())) {
      throw new ConfigException("Cannot configure scorer '" + scorer + "': option '" + p.name() + "' is required ("
          + p.description() + ")");
    }
    T value = raw == null ? p.defaultValue() : p.parse(scorer, raw);
    return p.format(value);
  }

  public String scorer() {
    return scorer;
  }

  public <T> T get(Param<T> param) {
    String raw = resolved.get(param.name());
    if (raw == null) {
      throw new IllegalStateException("Cannot read option '" + param.name() + "': not declared by " + scorer);
    }
    return param.parse(scorer, raw);
  }

  /** Every option with its effective value, in declaration order (recorded in manifests). */
  public Map<String, String> asMap() {
    return resolved;
  }
}
