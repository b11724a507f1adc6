package dev.winnow.scorers;

import java.util.Objects;

/**
 * One column a scorer emits. {@code name} is the signal name; the output column is
 * {@code <scorer>_<name>} so that raters never collide.
 */
public record ScoreColumn(String name, ScoreType type, Direction direction, String description) {
  public ScoreColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(direction, "direction");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("Cannot declare score column '" + name + "': names are lower_snake_case");
    }
  }

  public String qualifiedName(String scorerName) {
    return scorerName + "_" + name;
  }
}
