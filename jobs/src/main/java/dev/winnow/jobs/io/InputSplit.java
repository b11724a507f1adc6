package dev.winnow.jobs.io;

import java.io.Serializable;

/**
 * A byte range of a text input. Compressed files and one-document-per-file text are read whole
 * ({@code length < 0}); plain JSONL and line text are cut into ranges, each owning the lines that start
 * inside it, as Hadoop's LineRecordReader does.
 */
public record InputSplit(String path, InputFormat format, long start, long length) implements Serializable {
  public boolean whole() {
    return length < 0;
  }
}
