package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CCNet buckets on the sample: per source, exactly round(0.3 n) head and round(0.6 n) - round(0.3 n) middle
 * documents, ordered best to worst by the column's direction, written and read back; per language when the
 * documents carry one.
 */
class BucketJobTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void bucketsPerSourceAreExactAndOrdered() {
    String scores = tmp.resolve("score").toString();
    ScoreJob.run(spark, new ScoreOptions().input(Path.of("../data/sample").toAbsolutePath().normalize().toString())
        .output(scores));
    String by = "heuristics_rep_dup_line_char_frac"; // lower is better
    String out = tmp.resolve("buckets").toString();
    Map<String, Object> m = BucketJob.run(spark, scores, by, BucketJob.NAMES, new double[] {0.3, 0.6}, out);
    assertEquals("source", m.get("grouped_by"));

    Map<String, List<Row>> bySource = new HashMap<>();
    for (Row r : spark.read().parquet(out).select("source", "bucket", by).collectAsList()) {
      bySource.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    long total = 0;
    for (Map.Entry<String, List<Row>> e : bySource.entrySet()) {
      int n = e.getValue().size();
      total += n;
      long head = e.getValue().stream().filter(r -> r.getString(1).equals("head")).count();
      long middle = e.getValue().stream().filter(r -> r.getString(1).equals("middle")).count();
      assertEquals(Math.round(0.3 * n), head, e.getKey());
      assertEquals(Math.round(0.6 * n) - Math.round(0.3 * n), middle, e.getKey());
      double headMax = e.getValue().stream().filter(r -> r.getString(1).equals("head")).mapToDouble(r -> r.getDouble(2))
          .max().orElse(Double.NEGATIVE_INFINITY);
      double middleMin = e.getValue().stream().filter(r -> r.getString(1).equals("middle"))
          .mapToDouble(r -> r.getDouble(2)).min().orElse(Double.POSITIVE_INFINITY);
      double middleMax = e.getValue().stream().filter(r -> r.getString(1).equals("middle"))
          .mapToDouble(r -> r.getDouble(2)).max().orElse(Double.NEGATIVE_INFINITY);
      double tailMin = e.getValue().stream().filter(r -> r.getString(1).equals("tail")).mapToDouble(r -> r.getDouble(2))
          .min().orElse(Double.POSITIVE_INFINITY);
      assertTrue(headMax <= middleMin && middleMax <= tailMin, e.getKey() + ": buckets out of order");
      @SuppressWarnings("unchecked")
      Map<String, Object> g = ((Map<String, Map<String, Object>>) m.get("groups")).get(e.getKey());
      if (head > 0) {
        assertEquals(headMax, (Double) g.get("head_cutoff"), 0.0, e.getKey());
      }
    }
    assertEquals(440, total);

    // a subset of buckets writes only those
    String headOnly = tmp.resolve("head").toString();
    Map<String, Object> h = BucketJob.run(spark, scores, by, List.of("head"), new double[] {0.3, 0.6}, headOnly);
    assertFalse(Files.exists(Path.of(headOnly, "bucket=tail")));
    assertEquals(((Map<?, ?>) h.get("written")).get("head"), spark.read().parquet(headOnly).count());
  }

  @Test
  void groupsByLanguageWhenDocumentsHaveOne() throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      String lang = i % 3 == 0 ? "fr" : "en";
      jsonl.append("{\"id\":\"d").append(i).append("\",\"language\":\"").append(lang).append("\",\"text\":\"")
          .append("word ".repeat(5 + i)).append("end.\\nSecond line").append(" again".repeat(i % 4)).append(".\"}\n");
    }
    Path in = tmp.resolve("lang.jsonl");
    Files.writeString(in, jsonl);
    String scores = tmp.resolve("lscore").toString();
    ScoreJob.run(spark, new ScoreOptions().input(in.toString()).output(scores));
    Map<String, Object> m = BucketJob.run(spark, scores, "heuristics_quality", BucketJob.NAMES,
        new double[] {0.3, 0.6}, tmp.resolve("lb").toString());
    assertTrue(((String) m.get("grouped_by")).startsWith("metadata.language"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> groups = (Map<String, Map<String, Object>>) m.get("groups");
    assertEquals(List.of("en", "fr"), new ArrayList<>(groups.keySet()));
    assertEquals(20L, groups.get("en").get("docs"));
    assertEquals(6L, ((Map<?, ?>) groups.get("en").get("head")).get("docs"));
    assertEquals(3L, ((Map<?, ?>) groups.get("fr").get("head")).get("docs"));
  }
}
