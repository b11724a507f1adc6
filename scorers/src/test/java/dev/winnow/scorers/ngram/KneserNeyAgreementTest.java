package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.scorers.SharedData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The estimator reproduces KenLM's lmplz: trained on the Europarl training text, every n-gram of the ARPA
 * files lmplz wrote ({@code -o 5} and {@code -o 3}) is there with log10 probability and backoff within 1e-4,
 * and there is no n-gram lmplz does not have.
 */
public class KneserNeyAgreementTest {
  static KneserNey train(Path text, int order) throws Exception {
    Map<String, Integer> ids = new LinkedHashMap<>();
    ids.put("<unk>", 0);
    ids.put("<s>", 1);
    ids.put("</s>", 2);
    NgramCounts counts = new NgramCounts(order);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(text)),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] words = TextPrep.tokens(line);
        int[] s = new int[words.length + 2];
        s[0] = 1;
        for (int i = 0; i < words.length; i++) {
          s[i + 1] = ids.computeIfAbsent(words[i], w -> ids.size());
        }
        s[s.length - 1] = 2;
        counts.addSentence(s, s.length);
      }
    }
    return new KneserNey(ids.keySet().toArray(new String[0]), 1, counts).estimate();
  }

  /** The n-grams of order n of an ARPA .gz file: words -> {log10 p, log10 backoff}. */
  public static Map<String, float[]> readArpa(Path arpa, int n) throws Exception {
    Map<String, float[]> out = new HashMap<>();
    ArpaReader.forEachEntry(arpa, (order, words, prob, backoff) -> {
      if (order == n) {
        out.put(String.join(" ", java.util.Arrays.copyOf(words, n)), new float[] {prob, backoff});
      }
    });
    return out;
  }

  static void agrees(int order, String arpaName) throws Exception {
    KneserNey kn = train(SharedData.require("kenlm/europarl_en.train.txt.gz"), order);
    Path arpa = SharedData.require("kenlm/" + arpaName);
    Map<String, Integer> vocabIds = new HashMap<>();
    for (int n = 1; n <= order; n++) {
      Map<String, float[]> ref = readArpa(arpa, n);
      Map<String, float[]> ours = new HashMap<>();
      String[] vocab = kn.vocab();
      for (int e = 0; e < kn.ngrams(n); e++) {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < n; i++) {
          words.append(i > 0 ? " " : "").append(vocab[kn.word(n, e, i)]);
        }
        ours.put(words.toString(), new float[] {kn.prob(n, e), kn.backoff(n, e)});
      }
      double worstP = 0;
      double worstB = 0;
      String worstAt = "";
      for (Map.Entry<String, float[]> e : ref.entrySet()) {
        float[] o = ours.get(e.getKey());
        assertTrue(o != null, n + "-gram '" + e.getKey() + "' of lmplz is missing");
        double dp = Math.abs(o[0] - e.getValue()[0]);
        double db = Math.abs(o[1] - e.getValue()[1]);
        if (dp > worstP) {
          worstP = dp;
          worstAt = e.getKey() + " ours " + o[0] + " lmplz " + e.getValue()[0];
        }
        worstB = Math.max(worstB, db);
      }
      System.out.printf("order %d of %s: %d n-grams (lmplz %d), max |log10 p| diff %.2e, max |backoff| diff %.2e, "
          + "discounts %s%n", n, arpaName, ours.size(), ref.size(), worstP, worstB,
          java.util.Arrays.toString(kn.discounts(n)));
      assertEquals(ref.size(), ours.size(), "number of " + n + "-grams");
      assertTrue(worstP <= 1e-4, "worst " + n + "-gram probability: " + worstAt);
      assertTrue(worstB <= 1e-4, "worst " + n + "-gram backoff differs by " + worstB);
    }
  }

  @Test
  void fiveGramMatchesLmplz() throws Exception {
    agrees(5, "europarl_en.5gram.arpa.gz");
  }

  @Test
  void threeGramMatchesLmplz() throws Exception {
    agrees(3, "europarl_en.3gram.arpa.gz");
  }
}
