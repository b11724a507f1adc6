package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.schemas.Manifests;
import dev.winnow.schemas.SweepBatchManifest;
import dev.winnow.schemas.SweepManifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sweep files through the CLI on the committed sample: cross products expand, every output is indexed,
 * equals the single sweep with the same options, and re-runs redo only what is missing, failed or changed.
 */
class SweepBatchTest extends SparkTestBase {
  private static Path tmp;
  private static String scores;

  @BeforeAll
  static void score() throws Exception {
    tmp = Files.createTempDirectory("winnow-sweep-batch");
    scores = tmp.resolve("score").toString();
    ScoreJob.run(spark, new ScoreOptions().input(Path.of("../data/sample").toAbsolutePath().normalize().toString())
        .output(scores));
  }

  @AfterAll
  static void clean() throws Exception {
    deleteTree(tmp);
  }

  private record Result(int code, String out, String err) {
  }

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static Path plan(String name, String body) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, body);
    return p;
  }

  private static SweepBatchManifest index(String output) throws Exception {
    return Manifests.fromJson(Files.readString(Path.of(output, SweepBatchManifest.FILE)), SweepBatchManifest.class);
  }

  private static Map<String, SweepBatchManifest.Entry> byName(SweepBatchManifest m) {
    Map<String, SweepBatchManifest.Entry> out = new HashMap<>();
    m.sweeps().forEach(e -> out.put(e.name(), e));
    return out;
  }

  @Test
  void batchRunsIndexesAndSkipsWhatIsComplete() throws Exception {
    String output = tmp.resolve("sweeps").toString();
    String body = "scores: " + scores + "\noutput: " + output + "\n"
        + "defaults: {discard: [0.2, 0.6]}\n"
        + "sweeps:\n"
        + "  - by: [heuristics_quality, heuristics_fineweb_line_punct_ratio]\n"
        + "    keep: high\n"
        + "    mode: [global, per-source]\n"
        + "  - name: online\n"
        + "    by: heuristics_quality\n"
        + "    keep: high\n"
        + "    mode: batch\n"
        + "    batch_size: 32\n"
        + "    seed: 3\n"
        + "  - name: broken\n"
        + "    by: no_such_column\n"
        + "    keep: high\n";
    Path file = plan("plan.yaml", body);

    Result dry = cli("sweep", "--plan", file.toString(), "--dry-run");
    assertEquals(0, dry.code(), dry.err());
    assertTrue(dry.out().contains("6 sweeps"), dry.out());
    assertTrue(dry.out().contains("(6 to run, 0 complete)"), dry.out());
    assertFalse(Files.exists(Path.of(output)), "a dry run writes nothing");

    Result first = cli("sweep", "--plan", file.toString());
    assertEquals(1, first.code(), "a failed sweep makes the batch exit 1");
    assertTrue(first.err().contains("1 of 6 sweeps failed"), first.err());
    Map<String, SweepBatchManifest.Entry> e1 = byName(index(output));
    assertEquals(6, e1.size());
    assertEquals(SweepBatchManifest.Status.FAILED, e1.get("broken").status());
    assertTrue(e1.get("broken").error().contains("no_such_column"), e1.get("broken").error());

    // each output is what the single-sweep command writes for the same options
    SweepOptions single = new SweepOptions();
    single.scores = scores;
    single.by = "heuristics_fineweb_line_punct_ratio";
    single.keep = SweepOptions.Keep.HIGH;
    single.mode = SweepOptions.Mode.PER_SOURCE;
    single.discard = List.of("0.2", "0.6");
    single.output = tmp.resolve("single").toString();
    SweepManifest alone = SweepJob.run(spark, single);
    SweepBatchManifest.Entry batched = e1.get("heuristics_fineweb_line_punct_ratio-high-per-source");
    assertEquals(SweepBatchManifest.Status.COMPLETE, batched.status());
    SweepManifest written = Manifests.fromJson(Files.readString(Path.of(batched.path(), SweepManifest.FILE)),
        SweepManifest.class);
    for (int i = 0; i < 2; i++) {
      assertEquals(alone.rates().get(i).keptDocs(), batched.keptDocs().get(alone.rates().get(i).discard()));
      assertEquals(alone.rates().get(i).perSource(), written.rates().get(i).perSource());
      assertEquals(alone.rates().get(i).sourceThresholds(), written.rates().get(i).sourceThresholds());
    }
    assertEquals(352L, e1.get("heuristics_quality-high-global").keptDocs().get("0.2"), "440 docs, 20% discarded");
    assertEquals(32, e1.get("online").batchSize());

    // fix the broken sweep, change one parameter, delete one output: exactly those three run again
    Files.writeString(file, body.replace("no_such_column", "heuristics_c4_kept_lines")
        .replace("seed: 3", "seed: 4"));
    deleteTree(Path.of(e1.get("heuristics_quality-high-per-source").path()));
    Result second = cli("sweep", "--plan", file.toString(), "--dry-run");
    assertTrue(second.out().contains("(3 to run, 3 complete)"), second.out());
    assertTrue(second.out().contains("previous run failed"), second.out());
    assertTrue(second.out().contains("parameters changed"), second.out());
    assertTrue(second.out().contains("output missing or replaced"), second.out());
    Result third = cli("sweep", "--plan", file.toString());
    assertEquals(0, third.code(), third.err());
    Map<String, SweepBatchManifest.Entry> e3 = byName(index(output));
    for (String unchanged : List.of("heuristics_quality-high-global", "heuristics_fineweb_line_punct_ratio-high-global",
        "heuristics_fineweb_line_punct_ratio-high-per-source")) {
      assertEquals(e1.get(unchanged).runId(), e3.get(unchanged).runId(), unchanged + " was skipped");
    }
    for (String redone : List.of("broken", "online", "heuristics_quality-high-per-source")) {
      assertEquals(SweepBatchManifest.Status.COMPLETE, e3.get(redone).status(), redone);
      assertNotEquals(e1.get(redone).runId(), e3.get(redone).runId(), redone + " ran again");
      assertTrue(Files.exists(Path.of(e3.get(redone).path(), SweepManifest.FILE)), redone);
    }
    assertEquals(4L, e3.get("online").seed());
    assertTrue(cli("sweep", "--plan", file.toString(), "--dry-run").out().contains("(0 to run, 6 complete)"));
  }

  @Test
  void badSweepFilesAreOneLineExit2() throws Exception {
    String head = "scores: " + scores + "\noutput: " + tmp.resolve("bad") + "\n";
    Object[][] cases = {
        {head + "sweeps:\n  - by: heuristics_quality\n    mode: sideways\n", "mode must be global, per-source or batch"},
        {head + "sweeps:\n  - by: heuristics_quality\n    colour: red\n", "unknown key 'colour'"},
        {head + "sweeps:\n  - by: heuristics_quality\n  - by: heuristics_quality\n", "two sweeps are named"},
        {head + "sweeps:\n  - keep: high\n", "'by' is required"},
        {head + "sweeps:\n  - by: heuristics_quality\n    discard: [0.5, 1.5]\n", "outside [0, 1]"},
        {head + "sweeps:\n  - by: heuristics_quality\n    mode: batch\n", "--batch-size must be a positive integer"},
        {head + "sweeps: []\n", "'sweeps' must be a non-empty list"},
        {"output: x\nsweeps:\n  - by: q\n", "'scores' and 'output' are needed"},
    };
    for (Object[] c : cases) {
      Result r = cli("sweep", "--plan", plan("bad.yaml", (String) c[0]).toString(), "--dry-run");
      assertEquals(2, r.code(), (String) c[0]);
      assertEquals(1, r.err().strip().split("\n").length, r.err());
      assertTrue(r.err().contains((String) c[1]), r.err());
    }
    Result r = cli("sweep", "--scores", scores, "--output", "x");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--scores, --by and --output are required (or --plan FILE)"), r.err());
  }
}
