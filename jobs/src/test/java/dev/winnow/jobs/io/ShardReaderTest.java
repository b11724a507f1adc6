package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-range splits of a plain JSONL file hand every line to exactly one split, whatever the split size. */
class ShardReaderTest {
  @TempDir
  Path tmp;

  @Test
  void everyLineIsReadOnceAcrossSplits() throws Exception {
    Path file = tmp.resolve("lines.jsonl");
    StringBuilder sb = new StringBuilder();
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      starts.add((long) sb.toString().getBytes(StandardCharsets.UTF_8).length);
      sb.append("{\"id\":\"").append(i).append("\",\"text\":\"").append("wörd ".repeat(i % 13 + 1)).append("\"}");
      sb.append(i % 7 == 0 ? "\r\n" : "\n");
    }
    Files.writeString(file, sb.toString());
    Configuration conf = new Configuration();
    for (long splitBytes : new long[] {7, 37, 100, 4096, 1 << 20}) {
      ReadOptions o = new ReadOptions(null, "text", "id", "source", false, 1_000_000, false, splitBytes);
      List<InputSplit> splits = InputResolver.splits(InputResolver.resolve(List.of(file.toString()), null, conf), o);
      List<String> ids = new ArrayList<>();
      List<Long> positions = new ArrayList<>();
      for (InputSplit split : splits) {
        try (ShardReader r = new ShardReader(split, o, conf)) {
          while (r.hasNext()) {
            ParsedRecord p = r.next();
            assertEquals(ParsedRecord.Kind.DOC, p.kind, p.detail);
            ids.add(p.id);
            positions.add(p.position);
          }
        }
      }
      assertTrue(splits.size() >= Math.min(500, Files.size(file) / splitBytes), "split count for " + splitBytes);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        expected.add(String.valueOf(i));
      }
      assertEquals(expected, ids, "split size " + splitBytes);
      assertEquals(starts, positions, "byte positions with split size " + splitBytes);
    }
  }
}
