package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerContext;
import dev.winnow.scorers.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scorer's document columns are the sums of KenLM's per-line figures, and its options are checked. */
class NgramScorerTest {
  @TempDir
  Path tmp;

  private static NgramScorer open(Map<String, String> options) {
    NgramScorer s = new NgramScorer();
    s.open(new ScorerContext(ScorerConfig.resolve(s.name(), s.params(), options), 0));
    return s;
  }

  @Test
  void documentScoresAreKenlmLineTotalsSummed() throws Exception {
    Path arpa = SharedData.require("kenlm/europarl_en.5gram.arpa.gz");
    List<String> lines = Files.readAllLines(SharedData.require("kenlm/europarl_en.heldout.first1000.txt"));
    List<String> kenlm = Files.readAllLines(SharedData.require("kenlm/europarl_en.5gram.first1000.perline.tsv"));
    double total = 0;
    long words = 0;
    long oov = 0;
    for (int i = 1; i <= 10; i++) {
      String[] ref = kenlm.get(i).split("\t");
      words += Long.parseLong(ref[1]);
      oov += Long.parseLong(ref[2]);
      total += Double.parseDouble(ref[3]);
    }
    // blank lines and surrounding spaces are not sentences
    String text = "\n" + String.join("\n\n", lines.subList(0, 10)) + "\n  \n";
    NgramScorer s = open(Map.of("model", arpa.toString()));
    List<Object[]> out = s.score(List.of(new Document("a", "t", text), new Document("b", "t", " \n\t\n")));
    Object[] a = out.get(0);
    long tokens = words + 10;
    assertEquals(total, (Double) a[1], 1e-3);
    assertEquals(tokens, (Long) a[2]);
    assertEquals(Math.pow(10, -total / tokens), (Double) a[0], 1e-3);
    assertEquals((double) oov / words, (Double) a[3], 1e-12);
    assertNull(out.get(1)[0]);
    assertEquals(0L, out.get(1)[2]);
    s.close();
    assertTrue(NgramModels.get(arpa) == NgramModels.get(arpa), "one model per JVM");
  }

  @Test
  void optionsAreChecked() throws Exception {
    assertTrue(assertThrows(ConfigException.class, () -> open(Map.of())).getMessage()
        .contains("option 'model' is required"));
    assertTrue(assertThrows(ConfigException.class, () -> open(Map.of("model", "x.arpa", "normalize", "nfkc")))
        .getMessage().contains("must be one of none, ccnet"));
    Path arpa = SharedData.require("kenlm/europarl_en.3gram.arpa.gz");
    Path copy = Files.createSymbolicLink(tmp.resolve("m.arpa.gz"), arpa);
    Files.writeString(tmp.resolve("m.json"), "{\"normalize\":\"ccnet\",\"tokenizer\":\"whitespace\"}");
    assertTrue(assertThrows(ConfigException.class, () -> open(Map.of("model", copy.toString()))).getMessage()
        .contains("trained with --normalize ccnet"));
  }

  @Test
  void ccnetNormalization() {
    assertEquals("ete 0000, \"quoted\" - ok! naive cafe", TextPrep.ccnet("  Été 2024， “Quoted” – OK！ naïve\u0007 CAFÉ "));
    List<String[]> lines = TextPrep.CCNET.lines("A b\n\n Ünïcode 42 \n");
    assertEquals(2, lines.size());
    assertEquals(List.of("unicode", "00"), List.of(lines.get(1)));
  }
}
