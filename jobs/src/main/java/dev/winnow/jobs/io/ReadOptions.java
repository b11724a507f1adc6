package dev.winnow.jobs.io;

import java.io.Serializable;

/** How input records become documents; shared by the driver and every reader task. */
public record ReadOptions(
    InputFormat format,
    String textField,
    String idField,
    String sourceField,
    boolean textPerLine,
    int maxChars,
    boolean truncate,
    long splitBytes) implements Serializable {

  /** Whether a text file of this format holds a record per line (JSONL, or text with --text-per-line). */
  public boolean linePerRecord(InputFormat f) {
    return f == InputFormat.JSONL || textPerLine;
  }

  public static ReadOptions defaults() {
    return new ReadOptions(null, "text", "id", "source", false, 1_000_000, false, 128L << 20);
  }
}
