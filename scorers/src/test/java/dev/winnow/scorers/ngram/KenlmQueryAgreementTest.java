package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.scorers.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scoring agrees with KenLM's {@code query} on its own models: every line's total log10 probability of the
 * 1,000 held-out Europarl sentences within 1e-4 of KenLM's, word and OOV counts equal, and the corpus
 * perplexity equal to 4 decimals, for the 5-gram and the 3-gram that lmplz built.
 */
class KenlmQueryAgreementTest {
  private static void agrees(String model, String perLine, double expectedPpl) throws Exception {
    Path arpa = SharedData.require("kenlm/" + model);
    List<String> lines = Files.readAllLines(SharedData.require("kenlm/europarl_en.heldout.first1000.txt"));
    List<String> kenlm = Files.readAllLines(SharedData.require("kenlm/" + perLine));
    long t0 = System.nanoTime();
    NgramModel m = ArpaReader.read(arpa);
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    NgramQuery q = new NgramQuery(m);
    double total = 0;
    long tokens = 0;
    double worst = 0;
    for (int i = 0; i < lines.size(); i++) {
      String[] words = lines.get(i).trim().split(" +");
      NgramQuery.LineScore s = q.line(words, words.length);
      String[] ref = kenlm.get(i + 1).split("\t");
      assertEquals(Integer.parseInt(ref[1]), words.length, "words of line " + (i + 1));
      assertEquals(Integer.parseInt(ref[2]), s.oov(), "OOVs of line " + (i + 1));
      double diff = Math.abs(Float.parseFloat(ref[3]) - s.log10Prob());
      worst = Math.max(worst, diff);
      assertTrue(diff <= 1e-4, "line " + (i + 1) + ": " + s.log10Prob() + " vs KenLM " + ref[3]);
      total += s.log10Prob();
      tokens += s.tokens();
    }
    double ppl = Math.pow(10, -total / tokens);
    System.out.printf("%s: %d n-grams (%.1f bytes each) loaded in %.2f s; 1000 lines agree with KenLM within %.2e, "
        + "corpus perplexity %.6f (KenLM %.4f)%n", model, m.ngrams(), m.bytesPerNgram(), loadSeconds, worst, ppl,
        expectedPpl);
    assertEquals(expectedPpl, ppl, 5e-5);
  }

  @Test
  void fiveGramMatchesKenlm() throws Exception {
    agrees("europarl_en.5gram.arpa.gz", "europarl_en.5gram.first1000.perline.tsv", 142.5756);
  }

  @Test
  void threeGramMatchesKenlm() throws Exception {
    agrees("europarl_en.3gram.arpa.gz", "europarl_en.3gram.first1000.perline.tsv", 145.2508);
  }
}
