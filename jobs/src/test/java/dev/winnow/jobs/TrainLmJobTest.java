package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.schemas.ScoreManifest;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerContext;
import dev.winnow.scorers.SharedData;
import dev.winnow.scorers.lm.ByteTokenizer;
import dev.winnow.scorers.lm.LmConfig;
import dev.winnow.scorers.lm.LmScorer;
import dev.winnow.scorers.ngram.ReferenceSplit;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-lm selects exactly the documents of the seeded split and records them in its card; the lm scorer
 * then scores every document through the Spark job as it does in-process, one token per UTF-8 byte.
 */
class TrainLmJobTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void trainsOnTheSplitThenScoresEveryDocumentAsInProcess() throws Exception {
    Path corpus = SharedData.require("clean/moby_dick.jsonl.gz");
    TrainLmJob.Options o = new TrainLmJob.Options();
    o.inputs = List.of(corpus.toString());
    o.referenceFraction = 0.5;
    o.seed = 3;
    o.output = tmp.resolve("model").toString();
    o.training.config = new LmConfig(1, 32, 2, 32, ByteTokenizer.VOCAB, ByteTokenizer.NAME);
    o.training.steps = 20;
    o.training.batch = 4;
    o.training.seed = 3;
    TrainLmJob.run(spark, o, new PrintWriter(System.out, true));

    List<JsonNode> docs = SharedData.readJsonl(corpus);
    long inReference = docs.stream().filter(d -> ReferenceSplit.inReference(d.get("id").asText(), 3, 0.5)).count();
    JsonNode card = new ObjectMapper().readTree(tmp.resolve("model/card.json").toFile());
    assertEquals(docs.size(), card.at("/documents/read").asLong());
    assertEquals(inReference, card.at("/documents/trained_on").asLong() + card.at("/documents/validation").asLong());
    assertEquals("reference-fraction", card.get("protocol").asText());
    assertEquals(20, card.get("steps").asInt());
    assertFalse(card.get("resumed_from_checkpoint").asBoolean());

    ScoreOptions so = new ScoreOptions().output(tmp.resolve("scores").toString())
        .scorers(PipelineConfig.resolve(List.of("lm"), null, List.of("lm.model=" + o.output)));
    so.inputs = List.of(corpus.toString());
    ScoreManifest m = ScoreJob.run(spark, so);
    assertEquals(docs.size(), m.counts().scored());
    List<Row> rows = ScoreJob.scores(spark, so.output).select("id", "text", "lm_ppl", "lm_bpb", "lm_tokens")
        .orderBy("id").collectAsList();
    List<Document> some = new ArrayList<>();
    for (Row r : rows) {
      long bytes = r.getString(1).getBytes(StandardCharsets.UTF_8).length;
      assertEquals(bytes, r.getLong(4), r.getString(0));
      // one token per byte: perplexity per token is 2 to the bits per byte
      assertEquals(Math.pow(2, r.getDouble(3)), r.getDouble(2), 1e-9 * r.getDouble(2));
      if (some.size() < 5) {
        some.add(new Document(r.getString(0), "x", r.getString(1)));
      }
    }
    try (LmScorer s = new LmScorer()) {
      s.open(new ScorerContext(ScorerConfig.resolve(s.name(), s.params(), Map.of("model", o.output)), 0));
      List<Object[]> direct = s.score(some);
      for (int i = 0; i < some.size(); i++) {
        assertEquals((Double) direct.get(i)[0], rows.get(i).getDouble(2), 1e-6 * rows.get(i).getDouble(2));
      }
    }
  }
}
