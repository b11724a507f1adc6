package dev.winnow.scorers;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A typed, validated scorer option in the spirit of Spark ML's {@code Param}: a name, a documented
 * default, a parser from the string form used by {@code --conf scorer.key=value} and config files, and
 * a validity rule that is checked before any Spark job starts.
 */
public final class Param<T> {
  private final String name;
  private final String description;
  private final T defaultValue;
  private final Function<String, T> parser;
  private final Predicate<T> valid;
  private final String expectation;
  private final Function<T, String> printer;

  private Param(String name, String description, T defaultValue, Function<String, T> parser,
      Predicate<T> valid, String expectation, Function<T, String> printer) {
    this.name = Objects.requireNonNull(name);
    this.description = Objects.requireNonNull(description);
    this.defaultValue = defaultValue;
    this.parser = parser;
    this.valid = valid;
    this.expectation = expectation;
    this.printer = printer;
  }

  public static Param<Double> ofDouble(String name, String description, double defaultValue, double min, double max) {
    return new Param<>(name, description, defaultValue, Double::valueOf,
        v -> !v.isNaN() && v >= min && v <= max, "a number in [" + min + ", " + max + "]", String::valueOf);
  }

  public static Param<Integer> ofInt(String name, String description, int defaultValue, int min, int max) {
    return new Param<>(name, description, defaultValue, s -> Integer.valueOf(s.trim()),
        v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]", String::valueOf);
  }

  public static Param<Boolean> ofBoolean(String name, String description, boolean defaultValue) {
    return new Param<>(name, description, defaultValue, Param::parseBoolean, v -> true, "true or false",
        String::valueOf);
  }

  public static Param<List<String>> ofStringList(String name, String description, List<String> defaultValue,
      List<String> allowed) {
    Predicate<List<String>> valid = allowed == null ? v -> true : allowed::containsAll;
    String expectation = allowed == null ? "a comma-separated list"
        : "a comma-separated list of " + String.join(", ", allowed);
    return new Param<>(name, description, List.copyOf(defaultValue), Param::parseList, valid, expectation,
        v -> String.join(",", v));
  }

  /** A free string; {@code required} rejects the empty string (and so a missing value with an empty default). */
  public static Param<String> ofString(String name, String description, String defaultValue, boolean required) {
    return new Param<>(name, description, defaultValue, String::trim, v -> !required || !v.isEmpty(),
        required ? "a non-empty string" : "a string", v -> v);
  }

  /** One of a fixed set of values. */
  public static Param<String> ofChoice(String name, String description, String defaultValue, List<String> allowed) {
    return new Param<>(name, description, defaultValue, s -> s.trim().toLowerCase(java.util.Locale.ROOT),
        allowed::contains, "one of " + String.join(", ", allowed), v -> v);
  }

  private static Boolean parseBoolean(String s) {
    String t = s.trim().toLowerCase();
    if (t.equals("true")) {
      return Boolean.TRUE;
    }
    if (t.equals("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException(s);
  }

  private static List<String> parseList(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toList());
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String expectation() {
    return expectation;
  }

  /** Parses and validates; the exception message names the scorer, the option and what was wrong. */
  public T parse(String scorer, String raw) {
    T value;
    try {
      value = parser.apply(raw);
    } catch (RuntimeException e) {
      throw invalid(scorer, raw);
    }
    if (!valid.test(value)) {
      throw invalid(scorer, raw);
    }
    return value;
  }

  /** Whether a value (a default, say) passes this option's rule. */
  public boolean accepts(T value) {
    return value != null && valid.test(value);
  }

  public String format(T value) {
    return printer.apply(value);
  }

  private ConfigException invalid(String scorer, String raw) {
    return new ConfigException("Cannot configure scorer '" + scorer + "': option '" + name + "' must be "
        + expectation + ", got '" + raw + "'");
  }
}
