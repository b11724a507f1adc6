package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's splits are read one after another, and a split is read as its records are asked for. */
class SplitRecordsTest {
  @TempDir
  Path tmp;

  @Test
  void readsSplitsInTurnAndOnlyAsFarAsAskedFor() throws Exception {
    List<String> paths = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 4000; i++) {
        sb.append("{\"id\":\"").append(f).append('-').append(i).append("\",\"text\":\"")
            .append("some words of a document ".repeat(40)).append("\"}\n");
      }
      Path file = tmp.resolve("part" + f + ".jsonl");
      Files.writeString(file, sb.toString());
      paths.add(file.toString());
    }
    long bytes = Files.size(Path.of(paths.get(0))) + Files.size(Path.of(paths.get(1)));
    Configuration conf = new Configuration();
    ReadOptions o = ReadOptions.defaults();
    List<InputSplit> splits = InputResolver.splits(InputResolver.resolve(paths, null, conf), o);
    assertEquals(2, splits.size());
    long before = localBytesRead();
    List<String> ids = new ArrayList<>();
    try (SplitRecords records = new SplitRecords(splits, o, conf)) {
      ids.add(records.next().id);
      long read = localBytesRead() - before;
      // a reader's buffer, not the 8 MB of both files (a stream's flatMap read all of a split here)
      assertTrue(read < bytes / 8, read + " of " + bytes + " bytes read for the first record");
      while (records.hasNext()) {
        ids.add(records.next().id);
      }
    }
    assertEquals(8000, ids.size());
    assertEquals("0-0", ids.get(0));
    assertEquals("0-3999", ids.get(3999));
    assertEquals("1-0", ids.get(4000));
    assertEquals("1-3999", ids.get(7999));
    assertTrue(localBytesRead() - before >= bytes, "both files read to their end");
  }

  /** What Hadoop's file: file systems have read, summed over their classes (checksummed and raw). */
  private static long localBytesRead() {
    return FileSystem.getAllStatistics().stream().filter(s -> s.getScheme().equals("file"))
        .mapToLong(FileSystem.Statistics::getBytesRead).sum();
  }
}
