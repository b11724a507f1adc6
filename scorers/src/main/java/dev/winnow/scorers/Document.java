package dev.winnow.scorers;

import java.util.Objects;

/** One sample as a rater sees it: a stable id, the source it came from, and its text. */
public record Document(String id, String source, String text) {
  public Document {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
  }
}
