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

  /** The eight-bytes-at-a-time newline scan finds what a byte-by-byte scan finds, at every offset and length. */
  @Test
  void newlineScanMatchesAByteByByteScan() {
    java.util.Random r = new java.util.Random(3);
    for (int t = 0; t < 20_000; t++) {
      byte[] b = new byte[r.nextInt(40) + 1];
      for (int i = 0; i < b.length; i++) {
        int k = r.nextInt(12);
        b[i] = k == 0 ? (byte) '\n' : k == 1 ? (byte) 0x0B : k == 2 ? (byte) 0x8A : (byte) r.nextInt(256);
      }
      int from = r.nextInt(b.length);
      int to = from + r.nextInt(b.length - from + 1);
      int expected = from;
      while (expected < to && b[expected] != '\n') {
        expected++;
      }
      assertEquals(expected, ShardReader.newline(b, from, to));
    }
  }
}
