package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages: bad options exit 2 with one readable line, never a stack trace. */
class CliTest extends SparkTestBase {
  @TempDir
  Path tmp;

  record Result(int code, String out, String err) {
    /** The single line a user sees. */
    String line() {
      String[] lines = err.strip().split("\n");
      assertEquals(1, lines.length, "exactly one line on stderr, got:\n" + err);
      return lines[0];
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path input() throws Exception {
    Path p = tmp.resolve("in.jsonl");
    Files.writeString(p, "{\"id\":\"a\",\"text\":\"One small document for the command line.\"}\n");
    return p;
  }

  @Test
  void noCommandPrintsUsageAndExits2() {
    Result r = run();
    assertEquals(2, r.code());
    assertTrue(r.out().contains("Usage: winnow"));
  }

  @Test
  void missingRequiredOptionsExit2() {
    Result r = run("score");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("winnow: Missing required options"), r.err());
  }

  @Test
  void benchTrainNgramOptionsAreValidated() throws Exception {
    Result r = run("bench", "train-ngram", "--input", input().toString(), "--order", "12");
    assertEquals(2, r.code());
    assertEquals("winnow: Cannot bench train-ngram: --order must be 1 to 9 and --runs at least 1", r.line());
  }

  @Test
  void benchAgainstAMissingKenLmIsOneLineExit2() throws Exception {
    Path none = tmp.resolve("no-kenlm");
    Result r = run("bench", "train-ngram", "--input", input().toString(), "--kenlm", none.toString());
    assertEquals(2, r.code());
    assertEquals("winnow: Cannot bench against KenLM: no executable " + none.resolve("lmplz")
        + " (scripts/build-kenlm.sh builds it)", r.line());
  }

  @Test
  void unknownScorerIsOneLineExit2() throws Exception {
    Result r = run("score", "--input", input().toString(), "--output", tmp.resolve("o").toString(), "--scorers", "nope");
    assertEquals(2, r.code());
    assertEquals("winnow: Cannot find scorer 'nope': known scorers are heuristics, lm, ngram", r.line());
  }

  @Test
  void unknownOptionKeyIsOneLineExit2() throws Exception {
    Result r = run("score", "--input", input().toString(), "--output", tmp.resolve("o").toString(),
        "--conf", "heuristics.nope=1");
    assertEquals(2, r.code());
    assertTrue(r.line().startsWith("winnow: Cannot configure scorer 'heuristics': unknown option 'nope' (known: "),
        r.err());
  }

  @Test
  void badOptionValueIsOneLineExit2() throws Exception {
    Result r = run("score", "--input", input().toString(), "--output", tmp.resolve("o").toString(),
        "--conf", "heuristics.gopher_min_doc_words=abc");
    assertEquals(2, r.code());
    assertTrue(r.line().contains("option 'gopher_min_doc_words' must be an integer"), r.err());
  }

  @Test
  void configFileIsValidatedToo() throws Exception {
    Path yaml = tmp.resolve("pipeline.yaml");
    Files.writeString(yaml, "scorers:\n  heuristics:\n    fineweb_short_line_thr: 2.0\n");
    Result r = run("score", "--input", input().toString(), "--output", tmp.resolve("o").toString(),
        "--config", yaml.toString());
    assertEquals(2, r.code());
    assertTrue(r.line().contains("'fineweb_short_line_thr' must be a number in [0.0, 1.0], got '2.0'"), r.err());
    Files.writeString(yaml, "scorrers: [heuristics]\n");
    r = run("score", "--input", input().toString(), "--output", tmp.resolve("o").toString(), "--config", yaml.toString());
    assertEquals(2, r.code());
    assertTrue(r.line().contains("unknown key 'scorrers'"), r.err());
  }

  @Test
  void configFileOptionsReachTheManifest() throws Exception {
    Path yaml = tmp.resolve("pipeline.yaml");
    Files.writeString(yaml, "scorers:\n  heuristics:\n    gopher_min_doc_words: 40\n");
    String out = tmp.resolve("o").toString();
    Result r = run("score", "--input", input().toString(), "--output", out, "--config", yaml.toString(),
        "--conf", "heuristics.c4_min_sentences=3");
    assertEquals(0, r.code(), r.err());
    var config = ScoreJob.readManifest(spark, out).scorers().get(0).config();
    assertEquals("40", config.get("gopher_min_doc_words"));
    assertEquals("3", config.get("c4_min_sentences"));
    assertTrue(r.out().contains("scored 1 of 1 records"), r.out());

    // the Parquet footer describes the run and every score column without the manifest
    try (var files = Files.list(Path.of(out, "scores"))) {
      Path part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(part.toString()),
              new org.apache.hadoop.conf.Configuration()))) {
        String row = reader.getFooter().getFileMetaData().getKeyValueMetaData()
            .get("org.apache.spark.sql.parquet.row.metadata");
        assertTrue(row.contains("winnow_run") && row.contains("gopher_min_doc_words"), row);
        assertTrue(row.contains("\"direction\":\"higher_is_better\""), row);
        var stamped = dev.winnow.schemas.Manifests.JSON.readTree(reader.getFooter().getFileMetaData()
            .getKeyValueMetaData().get(FooterStamp.KEY));
        assertEquals(1, stamped.at("/counts/read").asLong());
        assertEquals(1, stamped.at("/counts/scored").asLong());
        assertEquals("40", stamped.at("/scorers/0/config/gopher_min_doc_words").asText());
        assertTrue(stamped.at("/inputs/0").asText().endsWith("in.jsonl"));
      }
    }
  }

  @Test
  void neverReplacesADirectoryWinnowDidNotWrite() throws Exception {
    Path precious = tmp.resolve("precious");
    Files.createDirectories(precious);
    Files.writeString(precious.resolve("thesis.tex"), "years of work");
    Result r = run("score", "--input", input().toString(), "--output", precious.toString());
    assertEquals(2, r.code());
    assertTrue(r.line().contains("holds 'thesis.tex', which is not Winnow output"), r.err());
    assertTrue(Files.exists(precious.resolve("thesis.tex")));
  }

  @Test
  void braceGlobsAreOneInput() throws Exception {
    Path dir = tmp.resolve("globbed");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.jsonl"), "{\"text\":\"First small document here.\"}\n");
    Files.writeString(dir.resolve("b.jsonl"), "{\"text\":\"Second small document here.\"}\n");
    Files.writeString(dir.resolve("c.jsonl"), "{\"text\":\"Third small document here.\"}\n");
    String out = tmp.resolve("glob-out").toString();
    Result r = run("score", "--input", dir + "/{a,b}.jsonl", "--output", out);
    assertEquals(0, r.code(), r.err());
    assertEquals(2, ScoreJob.readManifest(spark, out).counts().read());
  }

  @Test
  void missingInputIsOneLineExit2() {
    Result r = run("score", "--input", tmp.resolve("nothing-*.jsonl").toString(), "--output", tmp.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.line().endsWith("': no files match"), r.err());
  }

  @Test
  void sweepRefusesAnUnfinishedOutput() throws Exception {
    Files.createDirectories(tmp.resolve("half/scores"));
    Result r = run("sweep", "--scores", tmp.resolve("half").toString(), "--by", "heuristics_quality",
        "--output", tmp.resolve("s").toString());
    assertEquals(2, r.code());
    assertTrue(r.line().contains("no _manifest.json (not a finished `winnow score` output)"), r.err());
  }

  @Test
  void sweepOptionsAreValidated() throws Exception {
    String scores = tmp.resolve("o").toString();
    assertEquals(0, run("score", "--input", input().toString(), "--output", scores).code());
    Result badBy = run("sweep", "--scores", scores, "--by", "no_such_column + 1", "--keep", "high",
        "--output", tmp.resolve("s").toString());
    assertEquals(2, badBy.code());
    assertTrue(badBy.line().startsWith("winnow: Cannot sweep by 'no_such_column + 1'"), badBy.err());
    Result badRate = run("sweep", "--scores", scores, "--by", "heuristics_quality", "--discard", "0.5,1.5",
        "--output", tmp.resolve("s").toString());
    assertEquals(2, badRate.code());
    assertEquals("winnow: Cannot sweep: discard rate '1.5' is outside [0, 1]", badRate.line());
    Result badMode = run("sweep", "--scores", scores, "--by", "heuristics_quality", "--mode", "batch",
        "--output", tmp.resolve("s").toString());
    assertEquals(2, badMode.code());
    assertEquals("winnow: Cannot sweep in batch mode: --batch-size must be a positive integer", badMode.line());
    Result noDirection = run("sweep", "--scores", scores, "--by", "heuristics_gopher_words",
        "--output", tmp.resolve("s").toString());
    assertEquals(2, noDirection.code());
    assertTrue(noDirection.line().contains("pass --keep high|low|middle"), noDirection.err());
  }

  @Test
  void scorersListsColumnsWithDirections() {
    Result r = run("scorers");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("heuristics 1.0.0"));
    assertTrue(r.out().matches("(?s).*heuristics_quality\\s+double\\s+higher_is_better.*"), r.out());
  }

  @Test
  void versionPrintsTheVersion() {
    Result r = run("--version");
    assertEquals(0, r.code());
    assertEquals("winnow " + Version.WINNOW, r.out().strip());
  }

  @Test
  void trainLmWithoutInputOrWithABadShapeIsOneLineExit2() throws Exception {
    Result none = run("train-lm", "--output", tmp.resolve("lm").toString());
    assertEquals(2, none.code());
    assertEquals("winnow: Cannot train LM: give --input (with --reference-fraction to hold out the rest) or "
        + "--reference, not both", none.line());
    Result shape = run("train-lm", "--input", input().toString(), "--output", tmp.resolve("lm").toString(),
        "--width", "100", "--heads", "3");
    assertEquals(2, shape.code());
    assertTrue(shape.line().startsWith("winnow: Cannot build LM: layers >= 1, width >= 8 and divisible by heads"),
        shape.line());
    Path missing = tmp.resolve("no-tokenizer.json");
    Result tokenizer = run("train-lm", "--input", input().toString(), "--output", tmp.resolve("lm").toString(),
        "--tokenizer", missing.toString());
    assertEquals(2, tokenizer.code());
    assertTrue(tokenizer.line().startsWith("winnow: Cannot load tokenizer " + missing + ": "), tokenizer.line());
  }

  @Test
  void lmScorerWithoutAModelIsOneLineExit2() throws Exception {
    Result r = run("score", "--input", input().toString(), "--output", tmp.resolve("o").toString(), "--scorers", "lm",
        "--conf", "lm.model=" + tmp.resolve("missing"));
    assertEquals(2, r.code());
    assertTrue(r.line().startsWith("winnow: Cannot load LM " + tmp.resolve("missing") + ": no config.json and lm-0000.params"),
        r.line());
  }

  @Test
  void trainNgramOnTooSmallACorpusStopsOrFallsBack() throws Exception {
    Path model = tmp.resolve("tiny.arpa");
    Result r = run("train-ngram", "--input", input().toString(), "--order", "3", "--output", model.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.line().startsWith("winnow: Cannot estimate n-gram model: the 1-gram discounts are undefined, as no "
        + "1-gram has an adjusted count of 2 (1-grams of adjusted count 1, 2, 3, 4: 9, 0, 0, 0); "), r.line());
    assertTrue(!Files.exists(model), "no model is left behind");
    Result fallback = run("train-ngram", "--input", input().toString(), "--order", "3", "--output", model.toString(),
        "--discount-fallback");
    assertEquals(0, fallback.code(), fallback.err());
    var card = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("tiny.json").toFile());
    assertEquals("[1,2,3]", card.get("discount_fallback").toString());
    // <s>, seven words, </s>: seven 3-grams
    assertEquals(7, dev.winnow.scorers.ngram.ArpaReader.read(model).ngrams(3));
  }
}
