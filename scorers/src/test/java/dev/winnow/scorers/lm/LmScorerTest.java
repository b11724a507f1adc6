package dev.winnow.scorers.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerContext;
import dev.winnow.scorers.SharedData;
import dev.winnow.scorers.ngram.ReferenceSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LM rater on real data, with the model committed in {@code src/test/resources/lm-wikitext2}: trained by
 * {@code winnow train-lm} on a seeded 90% of WikiText (a clean reference; the command is in its README),
 * and scored here on the documents outside that split. Its numbers equal a direct computation with the
 * network, do not depend on batching, and separate clean held-out text from the same text with its words
 * shuffled (AUROC over all pairs at least 0.9, and each piece above its own shuffle at least 95% of the
 * time), and gold main text of web pages from their boilerplate (AUROC reported).
 */
public class LmScorerTest {
  static final Path MODEL = Path.of("src/test/resources/lm-wikitext2");
  static int context;
  static Path dir = MODEL;
  static List<String> heldOut;

  @BeforeAll
  static void heldOutDocuments() throws Exception {
    JsonNode card = new ObjectMapper().readTree(MODEL.resolve("card.json").toFile());
    context = card.get("config").get("context").asInt();
    long seed = card.get("seed").asLong();
    double fraction = card.get("reference_fraction").asDouble();
    heldOut = new ArrayList<>();
    int read = 0;
    for (JsonNode d : SharedData.readJsonl(SharedData.require("clean/wikitext2.jsonl.gz"))) {
      read++;
      if (!ReferenceSplit.inReference(d.get("id").asText(), seed, fraction)) {
        heldOut.add(d.get("text").asText());
      }
    }
    JsonNode counts = card.get("documents");
    // the card's own counts: what it trained and validated on is exactly the complement of these
    assertEquals(counts.get("read").asInt(), read);
    assertEquals(read - counts.get("trained_on").asInt() - counts.get("validation").asInt(), heldOut.size());
  }

  static LmScorer scorer(int batch) {
    LmScorer s = new LmScorer();
    s.open(new ScorerContext(ScorerConfig.resolve(s.name(), s.params(),
        Map.of("model", dir.toString(), "batch", String.valueOf(batch))), 0));
    return s;
  }

  static double[] ppl(LmScorer s, List<String> texts) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      docs.add(new Document("d" + i, "test", texts.get(i)));
    }
    List<Object[]> rows = s.score(docs);
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Double) rows.get(i)[0];
    }
    return out;
  }

  /** P(a random "bad" text scores a higher perplexity than a random "good" one), ties counting half. */
  static double auroc(double[] good, double[] bad) {
    double wins = 0;
    for (double g : good) {
      for (double b : bad) {
        wins += b > g ? 1 : b == g ? 0.5 : 0;
      }
    }
    return wins / ((double) good.length * bad.length);
  }

  /** Pieces of about {@code size} characters cut at spaces, taken from each text in turn. */
  static List<String> pieces(List<String> texts, int size, int max) {
    List<List<String>> perText = new ArrayList<>();
    for (String t : texts) {
      List<String> cut = new ArrayList<>();
      for (int from = 0; from + size <= t.length(); ) {
        int end = t.indexOf(' ', from + size);
        end = end < 0 ? t.length() : end;
        cut.add(t.substring(from, end).trim());
        from = end + 1;
      }
      perText.add(cut);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < max; i++) {
      boolean any = false;
      for (List<String> cut : perText) {
        if (i < cut.size() && out.size() < max) {
          out.add(cut.get(i));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    return out;
  }

  @Test
  void scoresEqualTheNetworkComputedDirectlyAndDoNotDependOnBatching() {
    List<String> longDocs = heldOut.stream().filter(t -> t.length() > 3000).toList();
    String text = longDocs.get(0).substring(0, 2 * context + 44); // two full windows and a short one
    String other = longDocs.get(1).substring(0, 3000);
    double[] a;
    double[] b;
    try (LmScorer one = scorer(1); LmScorer eight = scorer(8)) {
      a = ppl(one, List.of(text, other));
      b = ppl(eight, List.of(text, other));
    }
    assertEquals(a[0], b[0], 1e-4 * a[0]);
    assertEquals(a[1], b[1], 1e-4 * a[1]);

    // the same windows through the block by hand
    var model = LmModels.get(dir, 1).model();
    int[] ids = ByteTokenizer.encode(text);
    double nll = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (int from = 0; from < ids.length; from += context) {
        int len = Math.min(context, ids.length - from);
        long[] x = new long[len];
        long[] y = new long[len];
        x[0] = ByteTokenizer.BOS;
        for (int t = 0; t < len; t++) {
          y[t] = ids[from + t];
          if (t + 1 < len) {
            x[t + 1] = ids[from + t];
          }
        }
        NDArray logits = model.getBlock().forward(new ParameterStore(m, false),
            new NDList(m.create(x, new Shape(1, len))), false).singletonOrThrow();
        nll += LmTraining.crossEntropy(logits, m.create(y, new Shape(1, len))).getFloat() * len;
      }
    }
    assertEquals(Math.exp(nll / ids.length), a[0], 1e-4 * a[0]);
  }

  @Test
  void separatesCleanTextFromShuffledWordsAndMainTextFromBoilerplate() throws Exception {
    List<String> clean = pieces(heldOut, 1000, 120);
    Random random = new Random(7);
    List<String> shuffled = new ArrayList<>();
    for (String p : clean) {
      List<String> words = new ArrayList<>(List.of(p.split(" ")));
      Collections.shuffle(words, random);
      shuffled.add(String.join(" ", words));
    }
    List<String> gold = new ArrayList<>();
    List<String> boilerplate = new ArrayList<>();
    for (JsonNode d : SharedData.readJsonl(SharedData.require("web/html_pages.jsonl.gz"))) {
      if (d.hasNonNull("gold_main_text") && gold.size() < 150) {
        gold.add(d.get("gold_main_text").asText());
      }
      if (d.has("boilerplate_snippets") && boilerplate.size() < 150) {
        for (JsonNode s : d.get("boilerplate_snippets")) {
          if (boilerplate.size() < 150 && !s.asText().isBlank()) {
            boilerplate.add(s.asText());
          }
        }
      }
    }
    try (LmScorer s = scorer(8)) {
      double[] c = ppl(s, clean);
      double[] sh = ppl(s, shuffled);
      int pairedWins = 0;
      for (int i = 0; i < c.length; i++) {
        pairedWins += sh[i] > c[i] ? 1 : 0;
      }
      double shuffledAuroc = auroc(c, sh);
      double boilerplateAuroc = auroc(ppl(s, gold), ppl(s, boilerplate));
      System.out.printf("LM: shuffled words score higher than their clean piece in %d of %d; AUROC clean vs "
          + "shuffled %.3f; gold main text vs boilerplate snippets %.3f (%d vs %d)%n", pairedWins, c.length,
          shuffledAuroc, boilerplateAuroc, gold.size(), boilerplate.size());
      assertTrue(clean.size() >= 50, "held-out pieces: " + clean.size());
      assertTrue(shuffledAuroc >= 0.9, "AUROC clean vs shuffled words " + shuffledAuroc);
      assertTrue(pairedWins >= 0.95 * c.length, "shuffled above clean in only " + pairedWins + " of " + c.length);
    }
  }
}
