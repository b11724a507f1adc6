package dev.winnow.scorers.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerContext;
import dev.winnow.scorers.SharedData;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny LM trained for a few seconds on real text already predicts held-out bytes better than their own
 * unigram distribution does; interrupted, it resumes from its checkpoint at the step it reached.
 */
public class LmTrainingTest {
  static List<String> texts(String corpus, int n) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode d : SharedData.readJsonl(SharedData.require(corpus))) {
      if (out.size() == n) {
        break;
      }
      out.add(d.get("text").asText());
    }
    return out;
  }

  @Test
  void validationLossFallsBelowUnigramEntropy(@TempDir Path dir) throws Exception {
    List<String> docs = texts("clean/wikitext2.jsonl.gz", 123);
    List<String> train = docs.subList(0, 110);
    List<String> validation = docs.subList(110, 123);
    LmTraining.Options o = new LmTraining.Options();
    o.config = new LmConfig(1, 64, 4, 64, ByteTokenizer.VOCAB, ByteTokenizer.NAME);
    o.steps = 300;
    o.batch = 16;
    o.maxSeconds = 20;
    o.logEvery = 50;
    PrintWriter log = new PrintWriter(System.out, true);
    LmTraining.Result r = LmTraining.train(train, validation, o, dir, log);
    double unigram = LmTraining.unigramEntropy(validation);
    System.out.printf("after %d steps (%.1f s): validation loss %.4f nats/byte, unigram entropy %.4f%n", r.steps(),
        r.seconds(), r.validationLoss(), unigram);
    assertTrue(r.validationLoss() < unigram, "validation " + r.validationLoss() + " vs unigram " + unigram);
    assertTrue(Files.exists(dir.resolve("config.json")) && Files.exists(dir.resolve("lm-0000.params")));
    assertEquals(o.config, LmConfig.read(dir.resolve("config.json")));

    // a longer run of the same configuration picks up at the checkpointed step
    o.steps = r.steps() + 20;
    o.maxSeconds = 0;
    LmTraining.Result more = LmTraining.train(train, validation, o, dir, log);
    assertTrue(more.resumed());
    assertEquals(r.steps() + 20, more.steps());
    assertEquals(20L * o.batch * o.config.context(), more.tokensSeen());
    // it went on from the trained weights, not from fresh ones: its loss stays near where it was
    assertTrue(more.validationLoss() < unigram, "resumed validation loss " + more.validationLoss());
    assertTrue(more.trainLoss() < r.trainLoss() + 0.5, "resumed train loss " + more.trainLoss());
  }

  @Test
  void trainsWithAHuggingFaceTokenizerAndScoresWithIt(@TempDir Path dir) throws Exception {
    List<String> docs = texts("clean/wikitext2.jsonl.gz", 123);
    List<String> validation = docs.subList(110, 123);
    HfTokenizer tokenizer = HfTokenizer.load(Path.of("src/test/resources/external-lm/tokenizer.json"));
    LmTraining.Options o = new LmTraining.Options();
    o.tokenizer = tokenizer;
    o.config = new LmConfig(1, 64, 4, 64, tokenizer.vocab(), tokenizer.name());
    o.steps = 150;
    o.batch = 16;
    o.logEvery = 50;
    LmTraining.Result r = LmTraining.train(docs.subList(0, 110), validation, o, dir, new PrintWriter(System.out, true));

    // the unigram entropy of the validation text's tokens, counted here
    long[] counts = new long[tokenizer.vocab()];
    long tokens = 0;
    long bytes = 0;
    for (String d : validation) {
      for (int id : tokenizer.ids(d)) {
        counts[id]++;
        tokens++;
      }
      bytes += d.getBytes(StandardCharsets.UTF_8).length;
    }
    double unigram = 0;
    for (long c : counts) {
      unigram -= c == 0 ? 0 : (double) c / tokens * Math.log((double) c / tokens);
    }
    System.out.printf("tokenizer.json (%d ids): validation loss %.4f nats/token (%.3f bits/byte), unigram %.4f%n",
        tokenizer.vocab(), r.validationLoss(), r.validationBitsPerByte(), unigram);
    assertTrue(r.validationLoss() < unigram, "validation " + r.validationLoss() + " vs unigram " + unigram);
    assertEquals(r.validationLoss() * tokens / bytes / Math.log(2), r.validationBitsPerByte(), 1e-9);
    assertEquals(Files.readString(tokenizer.file()), Files.readString(dir.resolve("tokenizer.json")));
    assertEquals(o.config, LmConfig.read(dir.resolve("config.json")));

    String text = validation.get(0).substring(0, 500);
    LmScorer scorer = new LmScorer();
    scorer.open(new ScorerContext(ScorerConfig.resolve(scorer.name(), scorer.params(),
        Map.of("model", dir.toString())), 0));
    try (scorer) {
      Object[] row = scorer.score(List.of(new Document("d", "test", text))).get(0);
      long n = tokenizer.ids(text).length;
      assertEquals(n, (Long) row[2]);
      // perplexity per token and bits per byte describe the same log-likelihood
      double nats = Math.log((Double) row[0]) * n;
      assertEquals(nats / Math.log(2) / text.getBytes(StandardCharsets.UTF_8).length, (Double) row[1], 1e-6);
    }
  }
}
