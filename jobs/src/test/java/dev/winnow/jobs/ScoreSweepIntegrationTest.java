package dev.winnow.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.schemas.ScoreManifest;
import dev.winnow.schemas.SweepManifest;
import dev.winnow.scorers.SharedData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Score and sweep real web and clean corpora from ../shared/data, and check every sweep against an
 * independent recomputation of the selection from the score table.
 */
class ScoreSweepIntegrationTest extends SparkTestBase {
  private static final List<String> CORPORA = List.of("web/c4_en.jsonl.gz", "web/cc_raw.jsonl.gz",
      "clean/wikitext2.jsonl.gz", "clean/moby_dick.jsonl.gz");
  private static final List<String> RATES = List.of("0.1", "0.25", "0.5", "0.9");

  private static Path dir;
  private static String scores;
  private static ScoreManifest manifest;
  private static List<Doc> docs;

  /** One scored document, with the hashes the sweep breaks ties and shuffles with. */
  record Doc(String id, String source, double quality, double expr, long tie, long shuffle, long key) {
  }

  @BeforeAll
  static void score() throws Exception {
    List<String> inputs = new ArrayList<>();
    for (String c : CORPORA) {
      inputs.add(SharedData.require(c).toString());
    }
    dir = Files.createTempDirectory("winnow-it");
    scores = dir.resolve("scores").toString();
    manifest = ScoreJob.run(spark, new ScoreOptions().input(inputs.toArray(new String[0])).output(scores));
    docs = new ArrayList<>();
    for (Row r : ScoreJob.scores(spark, scores).select(col("id"), col("source"), col("heuristics_quality"),
        col("heuristics_gopher_words").plus(col("heuristics_c4_sentences")).cast("double"),
        xxhash64(col("id")), xxhash64(lit(7L), col("id")), col("record_key")).collectAsList()) {
      docs.add(new Doc(r.getString(0), r.getString(1), r.getDouble(2), r.getDouble(3), r.getLong(4), r.getLong(5),
          r.getLong(6)));
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    deleteTree(dir);
  }

  @Test
  void countsReconcileWithAnIndependentCountOfTheInput() throws Exception {
    long records = 0;
    for (String c : CORPORA) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          new GZIPInputStream(Files.newInputStream(SharedData.require(c))), StandardCharsets.UTF_8))) {
        records += r.lines().filter(l -> !l.isBlank()).count();
      }
    }
    ScoreManifest.Counts counts = manifest.counts();
    System.out.printf("read %d, scored %d, quarantined %d%n", counts.read(), counts.scored(), counts.quarantined());
    assertEquals(records, counts.read());
    assertEquals(counts.read(), counts.scored() + counts.quarantined());
    assertEquals(counts.scored(), spark.read().parquet(scores + "/scores").count());
    assertEquals(counts.quarantined(), spark.read().parquet(scores + "/quarantine").count());
    // real corpora reuse ids across files; the record key is what is unique
    assertEquals(docs.size(), new HashSet<>(docs.stream().map(Doc::key).toList()).size(), "record keys are unique");
    assertTrue(Files.exists(Path.of(scores, ScoreManifest.FILE)));
  }

  @Test
  void scoresDoNotDependOnPartitioning() {
    String repartitioned = dir.resolve("scores8").toString();
    ScoreOptions o = new ScoreOptions().output(repartitioned).partitions(8);
    o.inputs = manifest.inputs();
    ScoreJob.run(spark, o);
    List<Row> diff = ScoreJob.scores(spark, scores).select("id", "heuristics_quality", "heuristics_gopher_words",
            "heuristics_rep_top_2gram_frac")
        .exceptAll(ScoreJob.scores(spark, repartitioned).select("id", "heuristics_quality", "heuristics_gopher_words",
            "heuristics_rep_top_2gram_frac")).collectAsList();
    assertEquals(List.of(), diff);
    assertEquals(manifest.counts().scored(), ScoreJob.scores(spark, repartitioned).count());
  }

  private static SweepManifest sweep(String name, SweepOptions.Mode mode, SweepOptions.Keep keep, String by,
      List<String> rates, int partitions) {
    SweepOptions o = new SweepOptions();
    o.scores = scores;
    o.by = by;
    o.keep = keep;
    o.discard = rates;
    o.output = dir.resolve(name).toString();
    o.mode = mode;
    o.batchSize = 64;
    o.seed = 7;
    o.partitions = partitions;
    return SweepJob.run(spark, o);
  }

  /** The record keys (unique, unlike ids) written for a rate. */
  private static Set<Long> kept(SweepManifest m, String rate) {
    Set<Long> keys = new HashSet<>();
    for (Row r : spark.read().parquet(m.rates().stream().filter(x -> x.discard().equals(rate)).findFirst()
        .orElseThrow().path()).select("record_key").collectAsList()) {
      keys.add(r.getLong(0));
    }
    return keys;
  }

  private static long discarded(String rate, long n) {
    return Math.round(Double.parseDouble(rate) * n);
  }

  /** Worst first, as the sweep orders: by score, then the id's hash, then the id. */
  private static final Comparator<Doc> BY_QUALITY = Comparator.comparingDouble(Doc::quality)
      .thenComparingLong(Doc::tie).thenComparing(Doc::id).thenComparingLong(Doc::key);

  @Test
  void globalSweepKeepsExactlyTheTopDocumentsNestedAcrossRates() {
    SweepManifest m = sweep("global", SweepOptions.Mode.GLOBAL, SweepOptions.Keep.HIGH, "heuristics_quality", RATES, 0);
    List<Doc> ordered = new ArrayList<>(docs);
    ordered.sort(BY_QUALITY);
    int n = ordered.size();
    Set<Long> previous = null;
    for (String rate : RATES) {
      Set<Long> got = kept(m, rate);
      Set<Long> expected = new HashSet<>();
      ordered.subList((int) discarded(rate, n), n).forEach(d -> expected.add(d.key()));
      assertEquals(expected, got, "discard=" + rate);
      if (previous != null) {
        assertTrue(previous.containsAll(got), "kept sets are nested");
      }
      previous = got;
      SweepManifest.Rate entry = m.rates().stream().filter(x -> x.discard().equals(rate)).findFirst().orElseThrow();
      assertTrue(entry.reconciliation().ok());
      assertEquals(n, entry.keptDocs() + entry.discardedDocs());
      assertEquals(entry.keptDocs(), entry.perSource().values().stream().mapToLong(SweepManifest.SourceCount::keptDocs)
          .sum());
      System.out.printf("global discard=%s kept %d of %d, threshold %s%n", rate, got.size(), n, entry.threshold());
    }
  }

  @Test
  void perSourceSweepAppliesTheRateWithinEverySource() {
    SweepManifest m = sweep("per-source", SweepOptions.Mode.PER_SOURCE, SweepOptions.Keep.HIGH, "heuristics_quality",
        RATES, 0);
    Map<String, List<Doc>> bySource = new HashMap<>();
    docs.forEach(d -> bySource.computeIfAbsent(d.source(), k -> new ArrayList<>()).add(d));
    for (String rate : RATES) {
      Set<Long> got = kept(m, rate);
      Set<Long> expected = new HashSet<>();
      for (List<Doc> group : bySource.values()) {
        group.sort(BY_QUALITY);
        group.subList((int) discarded(rate, group.size()), group.size()).forEach(d -> expected.add(d.key()));
        long keptHere = group.stream().filter(d -> got.contains(d.key())).count();
        assertTrue(Math.abs(keptHere - (1 - Double.parseDouble(rate)) * group.size()) <= 1,
            "within one document of the rate in every source");
      }
      assertEquals(expected, got, "discard=" + rate);
    }
  }

  @Test
  void batchSweepDropsTheBottomOfEverySeededMicroBatch() {
    SweepManifest m = sweep("batch", SweepOptions.Mode.BATCH, SweepOptions.Keep.HIGH, "heuristics_quality", RATES, 0);
    List<Doc> shuffled = new ArrayList<>(docs);
    shuffled.sort(Comparator.comparingLong(Doc::shuffle).thenComparing(Doc::id).thenComparingLong(Doc::key));
    for (String rate : RATES) {
      Set<Long> got = kept(m, rate);
      Set<Long> expected = new HashSet<>();
      double cutMin = Double.MAX_VALUE;
      double cutMax = -Double.MAX_VALUE;
      for (int start = 0; start < shuffled.size(); start += 64) {
        List<Doc> batch = new ArrayList<>(shuffled.subList(start, Math.min(shuffled.size(), start + 64)));
        batch.sort(BY_QUALITY);
        List<Doc> keep = batch.subList((int) discarded(rate, batch.size()), batch.size());
        keep.forEach(d -> expected.add(d.key()));
        assertEquals(keep.size(), batch.stream().filter(d -> got.contains(d.key())).count(), "per batch");
        cutMin = Math.min(cutMin, keep.get(0).quality());
        cutMax = Math.max(cutMax, keep.get(0).quality());
      }
      assertEquals(expected, got, "discard=" + rate);
      SweepManifest.Bound cuts = m.rates().stream().filter(x -> x.discard().equals(rate)).findFirst().orElseThrow()
          .batchThresholds();
      assertEquals(cutMin, cuts.lower(), "lowest cut score over batches");
      assertEquals(cutMax, cuts.upper(), "highest cut score over batches");
      assertTrue(m.rates().stream().allMatch(r -> r.reconciliation().ok()));
    }
  }

  @Test
  void selectionIsTheSameWhateverThePartitioning() {
    for (SweepOptions.Mode mode : List.of(SweepOptions.Mode.GLOBAL, SweepOptions.Mode.BATCH)) {
      SweepManifest one = sweep("p1-" + mode, mode, SweepOptions.Keep.HIGH, "heuristics_quality", RATES, 1);
      SweepManifest eight = sweep("p8-" + mode, mode, SweepOptions.Keep.HIGH, "heuristics_quality", RATES, 8);
      for (String rate : RATES) {
        assertEquals(kept(one, rate), kept(eight, rate), mode + " discard=" + rate);
      }
    }
  }

  @Test
  void middleKeepsTheCentralWindowOfAnExpression() {
    String by = "heuristics_gopher_words + heuristics_c4_sentences";
    SweepManifest m = sweep("middle", SweepOptions.Mode.GLOBAL, SweepOptions.Keep.MIDDLE, by, List.of("0.5"), 0);
    List<Doc> ordered = new ArrayList<>(docs);
    ordered.sort(Comparator.comparingDouble(Doc::expr).thenComparingLong(Doc::tie).thenComparing(Doc::id)
        .thenComparingLong(Doc::key));
    int n = ordered.size();
    long d = discarded("0.5", n);
    Set<Long> expected = new HashSet<>();
    ordered.subList((int) (d / 2), (int) (n - (d - d / 2))).forEach(x -> expected.add(x.key()));
    Set<Long> got = kept(m, "0.5");
    assertEquals(expected, got);
    SweepManifest.Bound b = m.rates().get(0).threshold();
    for (Doc x : docs) {
      if (got.contains(x.key())) {
        assertTrue(x.expr() >= b.lower() && x.expr() <= b.upper());
      } else {
        assertFalse(x.expr() > b.lower() && x.expr() < b.upper(), "discarded strictly inside the window");
      }
    }
  }

  @Test
  void rerunningReplacesTheOutput() throws Exception {
    String out = dir.resolve("rerun").toString();
    ScoreOptions o = new ScoreOptions().input(SharedData.require("clean/moby_dick.jsonl.gz").toString()).output(out);
    ScoreManifest first = ScoreJob.run(spark, o);
    ScoreManifest second = ScoreJob.run(spark, o);
    assertFalse(first.runId().equals(second.runId()));
    assertEquals(first.counts(), second.counts());
    assertEquals(second.counts().scored(), ScoreJob.scores(spark, out).count());
    try (var listing = Files.list(dir)) {
      assertTrue(listing.noneMatch(p -> p.getFileName().toString().contains(".staging-")), "no staging left");
    }
  }
}
