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
    NgramQuery split = new NgramQuery(m);
    double total = 0;
    long tokens = 0;
    double worst = 0;
    for (int i = 0; i < lines.size(); i++) {
      // scored in place in the text, as the scorer does; the pre-split path must agree exactly
      String line = lines.get(i);
      NgramQuery.LineScore s = q.line(line, 0, line.length());
      String[] words = line.trim().split(" +");
      assertEquals(split.line(words, words.length), s, "line " + (i + 1) + " split first");
      String[] ref = kenlm.get(i + 1).split("\t");
      assertEquals(Integer.parseInt(ref[1]), s.tokens() - 1, "words of line " + (i + 1));
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

    // the binary form holds the same tables: same totals, loaded without parsing
    Path bin = Files.createTempFile("model", ".wngram");
    try (var out = Files.newOutputStream(bin)) {
      NgramBinary.write(m, out);
    }
    long t1 = System.nanoTime();
    NgramModel b = NgramModels.get(bin);
    double binSeconds = (System.nanoTime() - t1) / 1e9;
    NgramQuery qb = new NgramQuery(b);
    NgramQuery qa = new NgramQuery(m);
    for (String line : lines) {
      String[] words = line.trim().split(" +");
      assertEquals(qa.line(words, words.length), qb.line(words, words.length));
    }
    System.out.printf("%s as .wngram: %.1f MB, loaded in %.2f s (ARPA: %.2f s)%n", model, Files.size(bin) / 1e6,
        binSeconds, loadSeconds);
    Files.delete(bin);
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
