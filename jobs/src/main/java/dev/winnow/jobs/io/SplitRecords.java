package dev.winnow.jobs.io;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;

/**
 * The records of a task's splits, one split after another, each opened when the one before it is exhausted.
 * A stream's {@code flatMap(...).iterator()} would not do: it drains a whole inner stream into its buffer
 * before handing out the first element, which held every record of a split (a 128 MB split is about
 * 400 MB of parsed records) in memory at once.
 */
public final class SplitRecords implements Iterator<ParsedRecord>, AutoCloseable {
  private final Iterator<InputSplit> splits;
  private final ReadOptions options;
  private final Configuration conf;
  private ShardReader current;

  public SplitRecords(List<InputSplit> splits, ReadOptions options, Configuration conf) {
    this.splits = splits.iterator();
    this.options = options;
    this.conf = conf;
  }

  @Override
  public boolean hasNext() {
    // a reader closes itself when exhausted
    while (current == null || !current.hasNext()) {
      if (!splits.hasNext()) {
        current = null;
        return false;
      }
      current = new ShardReader(splits.next(), options, conf);
    }
    return true;
  }

  @Override
  public ParsedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  /** Closes the split being read, for a task that ends before its records do. */
  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
