package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.schemas.ScoreManifest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad record is quarantined with its reason and counted; nothing fails the job or goes missing. */
class MalformedInputTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private static final String[] LINES = {
      "{\"id\":\"ok1\",\"text\":\"A fine document.\"}",
      "not json at all",
      "{\"id\":\"m\",\"other\":1}",
      "{\"id\":\"n\",\"text\":5}",
      null, // invalid UTF-8, written as bytes below
      "{\"id\":\"e\",\"text\":\"   \"}",
      "{\"id\":\"l\",\"text\":\"" + "x".repeat(120) + "\"}",
      "",
      "[1,2,3]",
      "{\"id\":{\"a\":1},\"text\":\"hi there\"}",
      "{\"text\":\"no id here\",\"source\":\"custom\",\"url\":\"http://x\",\"n\":3}"};

  private Path writeBadJsonl() throws IOException {
    Path p = tmp.resolve("in/bad.jsonl");
    Files.createDirectories(p.getParent());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String line : LINES) {
      if (line == null) {
        bytes.write("{\"id\":\"u\",\"text\":\"caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(new byte[] {(byte) 0xC3, ' '});
        bytes.write("bad\"}".getBytes(StandardCharsets.UTF_8));
      } else {
        bytes.write(line.getBytes(StandardCharsets.UTF_8));
      }
      bytes.write('\n');
    }
    Files.write(p, bytes.toByteArray());
    return p;
  }

  /** A .gz cut at 60% of its bytes; returns the number of complete lines Java's own reader gets from it. */
  private long writeTruncatedGzip(Path p) throws IOException {
    ByteArrayOutputStream full = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(full)) {
      for (int i = 0; i < 400; i++) {
        gz.write(("{\"id\":\"t" + i + "\",\"text\":\"Line " + i + " of a file cut short, words "
            + Integer.toHexString(i * 7919) + ".\"}\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] all = full.toByteArray();
    byte[] cut = java.util.Arrays.copyOf(all, all.length * 6 / 10);
    Files.write(p, cut);
    long complete = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          complete++;
        }
      }
    } catch (EOFException expected) {
      // the point of the file
    }
    return complete;
  }

  private int cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    System.out.print(out);
    System.err.print(err);
    return code;
  }

  @Test
  void badRecordsAreQuarantinedWithReasonsAndCounted() throws Exception {
    Path bad = writeBadJsonl();
    long complete = writeTruncatedGzip(tmp.resolve("in/cut.jsonl.gz"));
    assertTrue(complete > 10 && complete < 400, "the cut leaves a partial file: " + complete);
    String out = tmp.resolve("out").toString();
    assertEquals(0, cli("score", "--input", tmp.resolve("in").toString(), "--output", out, "--max-chars", "100"));

    ScoreManifest m = ScoreJob.readManifest(spark, out);
    Map<String, Long> expectedReasons = new HashMap<>(Map.of("invalid_json", 1L, "missing_text", 1L,
        "text_not_string", 1L, "invalid_utf8", 1L, "empty_text", 1L, "too_long", 1L, "not_an_object", 1L,
        "bad_id", 1L, "truncated_input", 1L));
    assertEquals(expectedReasons, m.quarantineReasons());
    assertEquals(10 + complete + 1, m.counts().read(), "10 records in bad.jsonl, the complete lines and the cut tail");
    assertEquals(2 + complete, m.counts().scored());
    assertEquals(9, m.counts().quarantined());
    assertEquals(1, m.counts().blankLines());
    assertEquals(1, m.inputErrors().size());
    assertTrue(m.inputErrors().get(0).file().endsWith("cut.jsonl.gz"));
    assertEquals(complete, m.inputErrors().get(0).recordsRead());
    assertTrue(m.inputErrors().get(0).error().contains("after " + complete + " records"), m.inputErrors().get(0).error());

    Map<String, Row> quarantine = new HashMap<>();
    for (Row r : spark.read().parquet(out + "/quarantine").collectAsList()) {
      quarantine.put(r.getAs("reason"), r);
    }
    assertEquals(9, quarantine.size());
    Row invalidJson = quarantine.get("invalid_json");
    assertEquals("not json at all", invalidJson.getAs("raw_prefix"));
    assertEquals((long) LINES[0].length() + 1, (long) invalidJson.<Long>getAs("position"));
    assertTrue(invalidJson.<String>getAs("file").endsWith("bad.jsonl"));

    Row noId = ScoreJob.scores(spark, out).where("text = 'no id here'").first();
    String file = "file:" + bad.toAbsolutePath();
    long position = 0;
    for (int i = 0; i < LINES.length - 1; i++) {
      position += (LINES[i] == null ? "{\"id\":\"u\",\"text\":\"caf".length() + 2 + "bad\"}".length()
          : LINES[i].getBytes(StandardCharsets.UTF_8).length) + 1;
    }
    byte[] digest = MessageDigest.getInstance("SHA-256").digest((file + "#" + position).getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(digest, 0, 12), noId.getAs("id"));
    assertEquals("custom", noId.getAs("source"));
    assertEquals(Map.of("url", "http://x", "n", "3"), noId.getJavaMap(noId.fieldIndex("metadata")));
    assertEquals("bad", ScoreJob.scores(spark, out).where("id = 'ok1'").first().getAs("source"));
  }

  @Test
  void truncateKeepsAPrefixAndSaysSo() throws Exception {
    writeBadJsonl();
    String out = tmp.resolve("out-truncate").toString();
    assertEquals(0, cli("score", "--input", tmp.resolve("in/bad.jsonl").toString(), "--output", out,
        "--max-chars", "100", "--truncate"));
    Row l = ScoreJob.scores(spark, out).where("id = 'l'").first();
    assertEquals("x".repeat(100), l.getAs("text"));
    assertEquals(100, (int) l.<Integer>getAs("n_chars"));
    assertEquals(true, l.getAs("truncated"));
    assertEquals(1, ScoreJob.readManifest(spark, out).counts().truncated());
  }

  @Test
  void everyFormatAndCompressionIsRead() throws Exception {
    Path dir = tmp.resolve("formats");
    Files.createDirectories(dir);
    String doc = "{\"id\":\"%s\",\"text\":\"The same short text in another container.\"}\n";
    try (OutputStream o = new BZip2CompressorOutputStream(Files.newOutputStream(dir.resolve("a.jsonl.bz2")))) {
      o.write(String.format(doc, "bz2").getBytes(StandardCharsets.UTF_8));
    }
    try (OutputStream o = new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(dir.resolve("b.jsonl.zst")))) {
      o.write(String.format(doc, "zst").getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve("c.txt"), "A whole file is one document.\nEven with two lines.");
    StructType schema = new StructType().add("text", DataTypes.StringType).add("id", DataTypes.StringType)
        .add("year", DataTypes.IntegerType);
    spark.createDataFrame(List.of(RowFactory.create("Parquet text here.", "pq1", 2020),
        RowFactory.create(null, "pq2", 2021)), schema).coalesce(1).write().parquet(dir.resolve("d.parquet").toString());
    String out = tmp.resolve("out-formats").toString();
    assertEquals(0, cli("score", "--input", dir.resolve("a.jsonl.bz2").toString(), dir.resolve("b.jsonl.zst").toString(),
        dir.resolve("c.txt").toString(), dir.resolve("d.parquet").toString(), "--output", out));
    ScoreManifest m = ScoreJob.readManifest(spark, out);
    assertEquals(5, m.counts().read());
    assertEquals(4, m.counts().scored());
    assertEquals(Map.of("missing_text", 1L), m.quarantineReasons());
    Row pq = ScoreJob.scores(spark, out).where("id = 'pq1'").first();
    assertEquals("2020", pq.getJavaMap(pq.fieldIndex("metadata")).get("year"));
    assertEquals("d", pq.getAs("source"));

    String perLine = tmp.resolve("out-lines").toString();
    assertEquals(0, cli("score", "--input", dir.resolve("c.txt").toString(), "--output", perLine, "--text-per-line"));
    assertEquals(2, ScoreJob.readManifest(spark, perLine).counts().scored());
  }
}
