package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shards read apart, shipped through Java serialization as Spark ships them, counted by sorting and merged in
 * word order, give exactly the counts of a plain map of word strings over the whole text, in word order.
 */
public class ShardCountsTest {
  /** Adds a line to a shard, and its n-grams as strings to {@code expected}. */
  private static void add(String text, TextPrep prep, ShardCounts shard, int order, Map<String, Long> expected) {
    // a blank second line adds nothing; the shard splits lines and tokens as TextPrep does
    shard.addText(text + "\n  \t", prep);
    String[] tokens = TextPrep.tokens(prep.prepare(text));
    if (tokens.length == 0) {
      return;
    }
    List<String> s = new ArrayList<>(List.of("<s>"));
    s.addAll(List.of(tokens));
    s.add("</s>");
    for (int end = 0; end < s.size(); end++) {
      for (int n = 1; n <= order && end - n + 1 >= 0; n++) {
        expected.merge(String.join(" ", s.subList(end - n + 1, end + 1)), 1L, Long::sum);
      }
    }
  }

  /**
   * Orders 3 and up read their words from windows that travel with the positions where the words fit: 4 is
   * within the window of Europarl's vocabulary, 7 runs past it, and windows of no word and of one word take
   * the tokens' path for every order or from order 4 on.
   */
  @ParameterizedTest(name = "order {0}, window of at most {1} words")
  @CsvSource({"4, 2147483647", "7, 2147483647", "7, 0", "7, 1"})
  void mergedShardsCountWhatAMapCounts(int order, int windowWords) throws Exception {
    List<ShardCounts> shards = List.of(new ShardCounts(order), new ShardCounts(order), new ShardCounts(order));
    Map<String, Long> expected = new HashMap<>();
    int line = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedData.require("kenlm/europarl_en.train.txt.gz"))), StandardCharsets.UTF_8))) {
      String text;
      while ((text = r.readLine()) != null) {
        TextPrep prep = line % 2 == 0 ? TextPrep.NONE : TextPrep.CCNET;
        add(text, prep, shards.get(line++ % 3), order, expected);
      }
    }
    // the sentence markers as words inside a line count as the words they spell, and n-grams run on past them
    for (String text : List.of("the </s> end <s> of it", "</s> </s> </s>", "<s>", "a b </s>")) {
      add(text, TextPrep.NONE, shards.get(line++ % 3), order, expected);
    }
    List<ShardCounts> shipped = new ArrayList<>();
    List<String[]> words = new ArrayList<>();
    List<long[]> frequencies = new ArrayList<>();
    for (ShardCounts c : shards) {
      ShardCounts back = (ShardCounts) roundTrip(c);
      shipped.add(back);
      words.add(ShardCounts.wordsOf(back.wordLines()));
      assertEquals(List.of(back.words()), List.of(words.get(words.size() - 1)));
      frequencies.add(back.frequencies());
    }
    ShardCounts.Vocabulary vocabulary = ShardCounts.vocabulary(words, frequencies);
    List<NgramCounts> counted = new ArrayList<>();
    for (int i = 0; i < shipped.size(); i++) {
      int[] mapping = vocabulary.mapping(i);
      NgramCounts once = shipped.get(i).count(mapping, windowWords);
      // counting leaves the shard as it was: a retried task counts the same
      assertEquals(once.ngrams(), shipped.get(i).count(mapping, windowWords).ngrams());
      counted.add((NgramCounts) roundTrip(once));
    }
    NgramCounts merged = NgramCounts.mergeSorted(NgramCounts.mergeSorted(counted.get(0), counted.get(1)),
        counted.get(2));

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
        if (e > 0) {
          assertTrue(compare(t, e - 1, e) < 0, "not in word order at entry " + e + " of order " + n);
        }
      }
      // lookups index the merged table on first use
      int[] first = new int[n];
      for (int i = 0; i < n; i++) {
        first[i] = t.id(t.size() / 2, i);
      }
      assertEquals(t.size() / 2, t.find(first, 0));
    }
    long tokens = expected.entrySet().stream().filter(e -> !e.getKey().contains(" ") && !e.getKey().equals("<s>")
        && !e.getKey().equals("</s>")).mapToLong(Map.Entry::getValue).sum();
    assertEquals(tokens, vocabulary.tokens());
  }

  @Test
  void vocabularyIsByFrequencyThenByName() {
    // names that a prefix of a few chars cannot order: shared prefixes, a prefix of another, chars from 0x7E
    // up (which end a prefix), a NUL char, surrogates, and many ties
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    String alphabet = "ab~\u007f\u0000\u00e9\u4e2d\ud83d\ude00z";
    java.util.Set<String> distinct = new java.util.LinkedHashSet<>(List.of("commission", "commissioner", "commiss",
        "a~b", "a~c", "a\u007fb", "a\u00e9", "a", "ab", "ab\u0000", "ab\u0000a"));
    while (distinct.size() < 5_000) {
      StringBuilder w = new StringBuilder("commi".substring(0, r.nextInt(6)));
      for (int k = r.nextInt(1, 9); k > 0; k--) {
        w.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      distinct.add(w.toString());
    }
    List<String> all = new ArrayList<>(distinct);
    // two shards, each word in one or both, with totals mostly 1 to 3 (large runs of ties)
    List<String[]> words = new ArrayList<>();
    List<long[]> frequencies = new ArrayList<>();
    Map<String, Long> totals = new HashMap<>();
    for (int shard = 0; shard < 2; shard++) {
      List<String> w = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
      List<Long> f = new ArrayList<>(List.of(0L, 7L, 7L));
      for (String word : all) {
        if (r.nextInt(3) > 0) {
          long n = r.nextInt(10) == 0 ? r.nextInt(1, 50) : r.nextInt(1, 3);
          w.add(word);
          f.add(n);
          totals.merge(word, n, Long::sum);
        }
      }
      words.add(w.toArray(new String[0]));
      frequencies.add(f.stream().mapToLong(Long::longValue).toArray());
    }
    List<String> expected = new ArrayList<>(totals.keySet());
    expected.sort(java.util.Comparator.<String>comparingLong(totals::get).reversed()
        .thenComparing(java.util.Comparator.naturalOrder()));
    String[] vocab = ShardCounts.vocabulary(words, frequencies).words();
    assertEquals(List.of("<unk>", "<s>", "</s>"), List.of(vocab).subList(0, 3));
    assertEquals(expected, List.of(vocab).subList(3, vocab.length));
  }

  /** Through Java serialization, as Spark ships and spills them. */
  private static Object roundTrip(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  private static int compare(NgramTable t, int a, int b) {
    for (int i = 0; i < t.order(); i++) {
      int c = Integer.compare(t.id(a, i), t.id(b, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
