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

/**
 * Byte-range splits of a plain JSONL file, and decompressed-byte ranges of a .gz one, hand every line to exactly
 * one split, whatever the split size.
 */
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

  /**
   * A .gz file cut into ranges of its decompressed bytes yields the records of the file read whole, at the same
   * positions: good lines, blank ones, lines that are not JSON, lines far longer than a range; and a file of
   * two gzip members, whose trailer gives only the second member's length, still loses nothing.
   */
  @Test
  void gzipRangesReadWhatTheWholeFileHolds() throws Exception {
    java.util.Random r = new java.util.Random(11);
    StringBuilder sb = new StringBuilder();
    int records = 0;
    for (int i = 0; i < 3000; i++) {
      int k = r.nextInt(50);
      records += k == 0 ? 0 : 1;
      if (k == 0) {
        sb.append("\n");
      } else if (k == 1) {
        sb.append("not json ").append(i).append('\n');
      } else {
        int words = k == 2 ? 2000 : r.nextInt(40) + 1;
        sb.append("{\"id\":\"").append(i).append("\",\"text\":\"");
        for (int w = 0; w < words; w++) {
          sb.append(w == 0 ? "" : " ").append("wörd").append(r.nextInt(1000));
        }
        sb.append("\"}\n");
      }
    }
    byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
    Configuration conf = new Configuration();
    ReadOptions o = ReadOptions.defaults();
    Path one = tmp.resolve("one.jsonl.gz");
    Files.write(one, gzip(text, 0, text.length));
    Path two = tmp.resolve("two.jsonl.gz");
    int half = sb.indexOf("\n", text.length / 3) + 1;
    byte[] a = gzip(text, 0, half);
    byte[] b = gzip(text, half, text.length - half);
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    Files.write(two, both);
    // lines of 64 bytes in a file of 2^18: every range of a power-of-two count starts exactly at a line's start
    StringBuilder fixed = new StringBuilder();
    for (int i = 0; i < 4096; i++) {
      fixed.append(String.format("{\"id\":\"%05d\",\"text\":\"%s\"}%n", i, "x".repeat(39)));
    }
    byte[] fixedText = fixed.toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(1 << 18, fixedText.length);
    Path aligned = tmp.resolve("aligned.jsonl.gz");
    Files.write(aligned, gzip(fixedText, 0, fixedText.length));
    for (Path file : List.of(one, two, aligned)) {
      List<InputFile> files = InputResolver.resolve(List.of(file.toString()), null, conf);
      List<String> whole = read(InputResolver.splits(files, o), o, conf);
      assertEquals(file == aligned ? 4096 : records, whole.size());
      assertTrue(file == aligned || whole.stream().anyMatch(l -> l.endsWith("INVALID_JSON")),
          "lines that are not JSON are read too");
      for (int cores : new int[] {2, 3, 4, 7, 16, 32}) {
        List<InputSplit> ranges = InputResolver.splits(files, o, cores, conf, 1 << 12);
        assertEquals(cores, ranges.size(), file + " on " + cores + " cores");
        assertSame(whole, read(ranges, o, conf), file + " in " + cores + " ranges");
      }
      // below the smallest range worth cutting, the file is read whole
      assertEquals(1, InputResolver.splits(files, o, 8, conf, 1 << 20).size());
    }
    assertEquals(text.length, InputResolver.gzipLength(one.toString(), conf));
    assertEquals(text.length - half, InputResolver.gzipLength(two.toString(), conf));
  }

  /**
   * A truncated .gz cut into ranges reports its damage once, from the range that reaches it, after the same
   * documents as the file read whole; the ranges after the damage yield nothing.
   */
  @Test
  void aTruncatedGzipIsReportedOnceAcrossRanges() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      sb.append("{\"id\":\"").append(i).append("\",\"text\":\"").append(("w" + i + " ").repeat(i % 17 + 1))
          .append("\"}\n");
    }
    byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] z = gzip(text, 0, text.length);
    Path file = tmp.resolve("cut.jsonl.gz");
    Configuration conf = new Configuration();
    ReadOptions o = ReadOptions.defaults();
    // the trailer of the whole file, so that the ranges span all of its text, and the damage inside it
    Path whole = tmp.resolve("whole.jsonl.gz");
    Files.write(whole, z);
    List<InputSplit> ranges = InputResolver.splits(InputResolver.resolve(List.of(whole.toString()), null, conf), o, 4,
        conf, 1 << 12);
    assertEquals(4, ranges.size());
    byte[] cut = java.util.Arrays.copyOf(z, z.length * 3 / 5);
    Files.write(file, cut);
    List<InputSplit> wholeSplit = InputResolver.splits(InputResolver.resolve(List.of(file.toString()), null, conf), o);
    List<String> expected = read(wholeSplit, o, conf);
    List<InputSplit> cutRanges = new ArrayList<>();
    for (InputSplit s : ranges) {
      cutRanges.add(new InputSplit(file.toUri().toString(), s.format(), s.start(), s.length()));
    }
    List<String> got = read(cutRanges, o, conf);
    assertEquals(1, got.stream().filter(l -> l.endsWith("TRUNCATED_INPUT")).count());
    assertSame(expected, got, "the ranges of the truncated file");
    assertTrue(expected.size() > 1000 && expected.size() < 4000, "the damage lies inside the file: " + expected.size());
  }

  /** The same records in the same order; a failure names the first that differs, not all of them. */
  private static void assertSame(List<String> expected, List<String> got, String what) {
    for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
      assertEquals(expected.get(i), got.get(i), what + ", record " + i);
    }
    assertEquals(expected.size(), got.size(), what + ": records");
  }

  /** Each record as kind, position and id (or reason): what the reads must agree on. */
  private static List<String> read(List<InputSplit> splits, ReadOptions o, Configuration conf) {
    List<String> out = new ArrayList<>();
    for (InputSplit split : splits) {
      try (ShardReader r = new ShardReader(split, o, conf)) {
        while (r.hasNext()) {
          ParsedRecord p = r.next();
          if (p.kind != ParsedRecord.Kind.BLANK) {
            out.add(p.kind + " " + p.position + " " + (p.kind == ParsedRecord.Kind.DOC ? p.id + " " + p.text.length()
                : p.reason));
          }
        }
      }
    }
    return out;
  }

  private static byte[] gzip(byte[] b, int from, int length) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(bytes)) {
      z.write(b, from, length);
    }
    return bytes.toByteArray();
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
