package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.winnow.scorers.SharedData;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Shards counted apart, shipped through Java serialization as Spark ships them, and merged, give exactly the
 * counts of a plain map of word strings over the whole text.
 */
public class ShardCountsTest {
  @Test
  void mergedShardsCountWhatAMapCounts() throws Exception {
    int order = 4;
    List<ShardCounts> shards = List.of(new ShardCounts(order), new ShardCounts(order), new ShardCounts(order));
    Map<String, Long> expected = new HashMap<>();
    int line = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedData.require("kenlm/europarl_en.train.txt.gz"))), StandardCharsets.UTF_8))) {
      String text;
      while ((text = r.readLine()) != null) {
        String[] tokens = TextPrep.tokens(text);
        shards.get(line++ % 3).addLine(tokens);
        List<String> s = new ArrayList<>(List.of("<s>"));
        s.addAll(List.of(tokens));
        s.add("</s>");
        for (int end = 0; end < s.size(); end++) {
          for (int n = 1; n <= order && end - n + 1 >= 0; n++) {
            expected.merge(String.join(" ", s.subList(end - n + 1, end + 1)), 1L, Long::sum);
          }
        }
      }
    }
    List<ShardCounts> shipped = new ArrayList<>();
    List<String[]> words = new ArrayList<>();
    List<long[]> frequencies = new ArrayList<>();
    for (ShardCounts c : shards) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(c);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        ShardCounts back = (ShardCounts) in.readObject();
        shipped.add(back);
        words.add(back.words());
        frequencies.add(back.frequencies());
      }
    }
    ShardCounts.Vocabulary vocabulary = ShardCounts.vocabulary(words, frequencies);
    NgramCounts merged = shipped.get(0).toCorpus(vocabulary.mapping(words.get(0)));
    for (int i = 1; i < shipped.size(); i++) {
      shipped.get(i).addTo(merged, vocabulary.mapping(words.get(i)));
    }

    assertEquals(expected.size(), merged.ngrams());
    String[] vocab = vocabulary.words();
    for (int n = 1; n <= order; n++) {
      NgramTable t = merged.table(n);
      for (int e = 0; e < t.size(); e++) {
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < n; i++) {
          g.append(i > 0 ? " " : "").append(vocab[t.id(e, i)]);
        }
        assertEquals(expected.get(g.toString()), t.count(e), g.toString());
      }
    }
    long tokens = expected.entrySet().stream().filter(e -> !e.getKey().contains(" ") && !e.getKey().equals("<s>")
        && !e.getKey().equals("</s>")).mapToLong(Map.Entry::getValue).sum();
    assertEquals(tokens, vocabulary.tokens());
  }
}
