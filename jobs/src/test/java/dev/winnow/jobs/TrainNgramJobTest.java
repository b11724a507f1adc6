package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.jobs.io.ReadOptions;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerContext;
import dev.winnow.scorers.SharedData;
import dev.winnow.scorers.ngram.KneserNeyAgreementTest;
import dev.winnow.scorers.ngram.NgramScorer;
import dev.winnow.scorers.ngram.ReferenceSplit;
import dev.winnow.scorers.ngram.TextPrep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-ngram as a Spark job: on the Europarl training text it writes the ARPA files lmplz wrote (every
 * n-gram, log10 probability and backoff within 1e-4), which then score the held-out text to KenLM's
 * perplexity; a reference fraction trains on exactly the documents the seeded split selects.
 */
class TrainNgramJobTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private TrainNgramJob.Result train(int order, String output) {
    return train(order, output, List.of(SharedData.require("kenlm/europarl_en.train.txt.gz").toString()));
  }

  private TrainNgramJob.Result train(int order, String output, List<String> inputs) {
    TrainNgramJob.Options o = new TrainNgramJob.Options();
    o.inputs = inputs;
    ReadOptions d = ReadOptions.defaults();
    o.read = new ReadOptions(null, d.textField(), d.idField(), d.sourceField(), true, d.maxChars(), false, d.splitBytes());
    o.order = order;
    o.output = output;
    return TrainNgramJob.run(spark, o);
  }

  private static void sameAsLmplz(Path ours, Path lmplz, int order) throws Exception {
    for (int n = 1; n <= order; n++) {
      Map<String, float[]> a = KneserNeyAgreementTest.readArpa(ours, n);
      Map<String, float[]> b = KneserNeyAgreementTest.readArpa(lmplz, n);
      assertEquals(b.keySet(), a.keySet(), n + "-grams");
      for (Map.Entry<String, float[]> e : b.entrySet()) {
        float[] x = a.get(e.getKey());
        assertEquals(e.getValue()[0], x[0], 1e-4, e.getKey());
        assertEquals(e.getValue()[1], x[1], 1e-4, e.getKey());
      }
    }
  }

  private static double perplexity(Path arpa) throws Exception {
    List<String> lines = Files.readAllLines(SharedData.require("kenlm/europarl_en.heldout.first1000.txt"));
    NgramScorer s = new NgramScorer();
    s.open(new ScorerContext(ScorerConfig.resolve(s.name(), s.params(), Map.of("model", arpa.toString())), 0));
    Object[] r = s.score(List.of(new Document("heldout", "t", String.join("\n", lines)))).get(0);
    s.close();
    return (Double) r[0];
  }

  @Test
  void trainsWhatLmplzTrains() throws Exception {
    Path five = tmp.resolve("e5.arpa.gz");
    TrainNgramJob.Result r5 = train(5, five.toString());
    sameAsLmplz(five, SharedData.require("kenlm/europarl_en.5gram.arpa.gz"), 5);
    // KenLM on its own files gives 142.57563522 and 145.25075007 (../shared/data/README.md); ours are within
    // float rounding of the estimates (log10 values agree to 5e-7)
    assertEquals(142.57563522192933, perplexity(five), 1e-4);
    assertEquals(perplexity(five), perplexity(tmp.resolve("e5.wngram")), 0.0, "the binary form scores the same");
    Path three = tmp.resolve("e3.arpa");
    train(3, three.toString());
    sameAsLmplz3(three);
    assertEquals(145.25075007360968, perplexity(three), 1e-4);
    JsonNode card = new ObjectMapper().readTree(tmp.resolve("e5.json").toFile());
    assertEquals("none", card.get("normalize").asText());
    assertEquals(6028, card.get("lines").asLong());
    assertEquals(r5.tokens(), card.get("tokens").asLong());
    System.out.printf("train-ngram on %d tokens: %s seconds%n", r5.tokens(), r5.seconds());
  }

  @Test
  void theModelDoesNotDependOnThePartitioning() throws Exception {
    // the training text in five files of uneven sizes, so five partitions whose sorted counts the driver merges
    // as they arrive (unlike the one file spread over the cores)
    List<String> lines = new java.util.ArrayList<>();
    try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
        Files.newInputStream(SharedData.require("kenlm/europarl_en.train.txt.gz"))), "UTF-8"))) {
      r.lines().forEach(lines::add);
    }
    int[] cuts = {0, lines.size() / 10, lines.size() / 4, lines.size() / 2, lines.size() * 9 / 10, lines.size()};
    Path parts = Files.createDirectories(tmp.resolve("parts"));
    for (int i = 0; i + 1 < cuts.length; i++) {
      Files.write(parts.resolve("part-" + i + ".txt"), lines.subList(cuts[i], cuts[i + 1]));
    }
    TrainNgramJob.Result one = train(3, tmp.resolve("one.arpa").toString());
    TrainNgramJob.Result five = train(3, tmp.resolve("five.arpa").toString(), List.of(parts.toString()));
    assertEquals(one.tokens(), five.tokens());
    assertEquals(java.util.Arrays.toString(one.ngrams()), java.util.Arrays.toString(five.ngrams()));
    assertEquals(-1L, Files.mismatch(tmp.resolve("one.arpa"), tmp.resolve("five.arpa")), "ARPA files differ");
    assertEquals(-1L, Files.mismatch(tmp.resolve("one.wngram"), tmp.resolve("five.wngram")), "binary files differ");
  }

  private static void sameAsLmplz3(Path plainArpa) throws Exception {
    Path gz = plainArpa.resolveSibling("e3-copy.arpa.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(plainArpa));
    }
    sameAsLmplz(gz, SharedData.require("kenlm/europarl_en.3gram.arpa.gz"), 3);
  }

  @Test
  void referenceFractionTrainsOnTheSeededSplit() throws Exception {
    Path sample = Path.of("../data/sample").toAbsolutePath().normalize();
    TrainNgramJob.Options o = new TrainNgramJob.Options();
    o.inputs = List.of(sample.toString());
    o.order = 3;
    o.output = tmp.resolve("half.arpa.gz").toString();
    o.referenceFraction = 0.5;
    o.seed = 3;
    o.prep = TextPrep.CCNET;
    TrainNgramJob.Result r = TrainNgramJob.run(spark, o);
    long docs = 0;
    long lines = 0;
    long tokens = 0;
    for (Path f : Files.list(sample).filter(p -> p.toString().endsWith(".jsonl.gz")).toList()) {
      for (JsonNode d : SharedData.readJsonl(f)) {
        if (ReferenceSplit.inReference(d.get("id").asText(), 3, 0.5)) {
          docs++;
          for (String[] l : TextPrep.CCNET.lines(d.get("text").asText())) {
            lines++;
            tokens += l.length + 1;
          }
        }
      }
    }
    assertTrue(docs > 150 && docs < 290, "about half of 440: " + docs);
    assertEquals(docs, r.documents());
    assertEquals(lines, r.lines());
    assertEquals(tokens, r.tokens());
    JsonNode card = new ObjectMapper().readTree(tmp.resolve("half.json").toFile());
    assertEquals("reference-fraction", card.get("protocol").asText());
    assertEquals("ccnet", card.get("normalize").asText());
    assertEquals(docs, card.get("documents").get("trained_on").asLong());
    assertEquals(440, card.get("documents").get("read").asLong());

    // the scorer marks the documents the model was trained on, so a sweep can leave them out
    NgramScorer s = new NgramScorer();
    s.open(new ScorerContext(ScorerConfig.resolve(s.name(), s.params(), Map.of("model", o.output, "normalize", "ccnet")),
        0));
    int marked = 0;
    for (Path f : Files.list(sample).filter(p -> p.toString().endsWith(".jsonl.gz")).toList()) {
      for (JsonNode d : SharedData.readJsonl(f)) {
        Object[] row = s.score(List.of(new Document(d.get("id").asText(), "t", d.get("text").asText()))).get(0);
        assertEquals(ReferenceSplit.inReference(d.get("id").asText(), 3, 0.5), row[4]);
        marked += Boolean.TRUE.equals(row[4]) ? 1 : 0;
      }
    }
    s.close();
    assertEquals(docs, marked);
  }
}
