package dev.winnow.scorers.heuristics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The windowed hashes, and the windows they skip, against datatrove's n-gram functions written out on
 * strings: words from small alphabets repeat often and concatenate ambiguously ("ab"+"c" = "a"+"bc").
 */
class GopherNGramsTest {

  /** datatrove's find_top_duplicate over get_n_grams: the most common space-joined n-gram's chars times its count. */
  private static long topDuplicate(List<String> words, int n) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i + n <= words.size(); i++) {
      counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
    }
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best == null ? 0 : (long) best.codePointCount(0, best.length()) * bestCount;
  }

  /** datatrove's find_all_duplicate. */
  private static long allDuplicate(List<String> words, int n) {
    Set<String> unique = new HashSet<>();
    long repeated = 0;
    int idx = 0;
    while (idx < words.size() - n + 1) {
      String gram = String.join("", words.subList(idx, idx + n));
      if (unique.contains(gram)) {
        repeated += gram.codePointCount(0, gram.length());
        idx += n;
      } else {
        unique.add(gram);
        idx += 1;
      }
    }
    return repeated;
  }

  private static void assertSameAsStrings(List<String> words) {
    GopherNGrams grams = new GopherNGrams(words);
    for (int n = 2; n <= 4; n++) {
      assertEquals(topDuplicate(words, n), grams.topDuplicateChars(n), "top " + n + "-gram of " + words);
    }
    grams.preparePowers(10);
    for (int n = 5; n <= 10; n++) {
      assertEquals(allDuplicate(words, n), grams.allDuplicateChars(n), "duplicate " + n + "-grams of " + words);
    }
  }

  @Test
  void randomWordsFromSmallAlphabetsMatchTheStringDefinitions() {
    Random random = new Random(42);
    String[][] alphabets = {{"a", "b", "ab", "ba", "c"}, {"x", "xx", "xxx", "y"}, {"the", "cat", "sat", "on", "a",
        "mat", ".", ","}, {"\uD83D\uDE00", "\u00e9", "e", "\u00e9e"}, {"lorem", "ipsum", "dolor", "sit", "amet"}};
    for (int round = 0; round < 3000; round++) {
      String[] alphabet = alphabets[round % alphabets.length];
      int length = random.nextInt(round % 7 == 0 ? 200 : 40);
      List<String> words = new ArrayList<>();
      // stretches copied from earlier in the document, as web text repeats its menus and footers
      while (words.size() < length) {
        if (!words.isEmpty() && random.nextInt(4) == 0) {
          int from = random.nextInt(words.size());
          int len = Math.min(words.size() - from, 1 + random.nextInt(12));
          words.addAll(new ArrayList<>(words.subList(from, from + len)));
        } else {
          words.add(alphabet[random.nextInt(alphabet.length)]);
        }
      }
      assertSameAsStrings(words);
    }
  }

  @Test
  void handComputedCases() {
    // "ab c d e f" and "a bc d e f" concatenate to the same 5-gram "abcdef": the second repeats the first
    List<String> words = List.of("ab", "c", "d", "e", "f", "a", "bc", "d", "e", "f");
    GopherNGrams grams = new GopherNGrams(words);
    grams.preparePowers(10);
    assertEquals(6, grams.allDuplicateChars(5));
    assertEquals(0, grams.allDuplicateChars(6));
    // no n-gram repeats: the first one is the most common, once
    List<String> plain = List.of("one", "two", "three", "four", "five");
    GopherNGrams unique = new GopherNGrams(plain);
    assertEquals("one two".length(), unique.topDuplicateChars(2));
    assertEquals("one two three".length(), unique.topDuplicateChars(3));
    assertEquals("one two three four".length(), unique.topDuplicateChars(4));
  }
}
