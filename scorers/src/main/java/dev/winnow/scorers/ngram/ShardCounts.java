package dev.winnow.scorers.ngram;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard of a corpus (a Spark partition) on its way to n-gram counts: its sentences as word ids over a
 * vocabulary of the shard's own, so that a shard is read in one pass without knowing the others. Once the
 * corpus vocabulary is known (from every shard's {@link #words} and {@link #frequencies}), {@link #count}
 * counts the shard's n-grams of every order by sorting, into tables in word order by corpus ids, which
 * {@link NgramCounts#mergeSorted} merges in sequential passes. Ids 0, 1 and 2 are {@code <unk>}, {@code <s>}
 * and {@code </s>} in every shard.
 */
public final class ShardCounts implements Serializable {
  private static final long serialVersionUID = 2L;
  public static final int UNK = 0;
  public static final int BOS = 1;
  public static final int EOS = 2;

  private final int order;
  private final List<String> words = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
  /**
   * Word ids by a 64-bit hash of the words' chars, probed with a token's place in its line, so that a token
   * already seen costs no String: open addressing over {@link #words}' indexes, with their hashes beside them.
   * A substring and a HashMap lookup per token were most of the time of reading a shard. Two words are one
   * word when their hashes are, as lmplz tells its words apart (a 64-bit hash per word, the strings never
   * compared): comparing the chars after the hash, through each word's String, cost a fifth of reading a shard.
   * The hash is the one a model's vocabulary is probed with ({@link NgramModel#wordHash}), whose loading
   * refuses two words that share one.
   */
  private transient int[] slots;
  private transient long[] slotHashes;
  /** The sentences, each from {@code <s>} to {@code </s>}, one after another; shipped in bulk. */
  private transient int[] tokens = new int[1 << 12];
  private int length;
  /** Where each sentence starts in {@link #tokens}, and {@link #length} after the last. */
  private transient int[] starts = new int[1 << 8];
  private int sentences;
  /** Documents seen, and how many of them were counted; set by the caller. */
  public long documents;
  public long counted;

  public ShardCounts(int order) {
    this.order = order;
    slots = new int[1 << 10];
    slotHashes = new long[slots.length];
    Arrays.fill(slots, -1);
    for (int i = 0; i < words.size(); i++) {
      place(i, NgramModel.wordHash(words.get(i), 0, words.get(i).length()));
    }
  }

  /**
   * Adds each line of a document as {@code prep} prepares it: {@code <s>}, its tokens (split at ASCII
   * whitespace, as {@link TextPrep#tokens} splits them), {@code </s>}. Lines without a token add nothing, as
   * {@link TextPrep#lines} leaves them out.
   */
  public void addText(String text, TextPrep prep) {
    int start = 0;
    while (start <= text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      if (prep == TextPrep.NONE) {
        addLine(text, start, end);
      } else {
        String line = prep.prepare(text.substring(start, end));
        addLine(line, 0, line.length());
      }
      start = end + 1;
    }
  }

  private void addLine(String line, int from, int to) {
    int room = length + (to - from) / 2 + 3;
    if (room > tokens.length) {
      tokens = Arrays.copyOf(tokens, Math.max(tokens.length + (tokens.length >> 1), room));
    }
    int[] t = tokens;
    int at = length + 1;
    int i = from;
    while (i < to) {
      while (i < to && TextPrep.isSpace(line.charAt(i))) {
        i++;
      }
      if (i == to) {
        break;
      }
      int first = i;
      long h = NgramModel.WORD_HASH_START;
      char ch;
      while (i < to && !TextPrep.isSpace(ch = line.charAt(i))) {
        h = NgramModel.wordHashStep(h, ch);
        i++;
      }
      t[at++] = id(line, first, i, h == 0 ? 1 : h);
    }
    if (at == length + 1) {
      return;
    }
    if (sentences + 2 > starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
    }
    starts[sentences++] = length;
    t[length] = BOS;
    t[at++] = EOS;
    length = at;
  }

  /** The id of the word {@code line[from, to)} whose hash is {@code h}, made on first sight. */
  private int id(String line, int from, int to, long h) {
    int mask = slots.length - 1;
    for (int i = NgramModel.wordHome(h, mask + 1); ; i = (i + 1) & mask) {
      int w = slots[i];
      if (w < 0) {
        break;
      }
      if (slotHashes[i] == h) {
        return w;
      }
    }
    int id = words.size();
    words.add(line.substring(from, to));
    place(id, h);
    if (2L * words.size() > slots.length) {
      int[] old = slots;
      long[] oldHashes = slotHashes;
      slots = new int[old.length * 2];
      slotHashes = new long[slots.length];
      Arrays.fill(slots, -1);
      for (int i = 0; i < old.length; i++) {
        if (old[i] >= 0) {
          place(old[i], oldHashes[i]);
        }
      }
    }
    return id;
  }

  private void place(int id, long h) {
    int mask = slots.length - 1;
    int i = NgramModel.wordHome(h, mask + 1);
    while (slots[i] >= 0) {
      i = (i + 1) & mask;
    }
    slots[i] = id;
    slotHashes[i] = h;
  }

  /** The shard's words by their ids here. */
  public String[] words() {
    return words.toArray(new String[0]);
  }

  /**
   * The shard's words by their ids here, one per line ({@link #wordsOf} splits them again): one string ships
   * to the driver much faster than a few hundred thousand small ones, each with its own header and handle.
   */
  public String wordLines() {
    return String.join("\n", words);
  }

  /** The words of {@link #wordLines}. */
  public static String[] wordsOf(String lines) {
    return lines.split("\n", -1);
  }

  /** How often each word (by id here) occurs in the shard, {@code <s>} and {@code </s>} included. */
  public long[] frequencies() {
    long[] f = new long[words.size()];
    for (int i = 0; i < length; i++) {
      f[tokens[i]]++;
    }
    return f;
  }

  /**
   * The shard's n-grams of every order with their counts, in tables in word order over the corpus ids that
   * {@code toCorpus} gives this shard's words. The shard itself is left as it was, so a retried task counts
   * the same.
   *
   * <p>The positions are sorted once by their word (a counting sort over ranks: the shard's words numbered in
   * the order of their corpus ids), then each order refines the one below it: the positions of one
   * (n-1)-gram lie together, so sorting each such group by the word that follows gives the n-grams in word
   * order, and runs of one following word are the distinct n-grams with their counts. Each order reads one
   * word per position; a full radix sort per order (n passes, each reading the words of every position at
   * random, then comparing neighbours word by word) took three times as long.
   */
  public NgramCounts count(int[] toCorpus) {
    return count(toCorpus, Integer.MAX_VALUE);
  }

  /** {@link #count} with at most {@code windowWords} words in each position's {@link Window}, for tests. */
  NgramCounts count(int[] toCorpus, int windowWords) {
    int local = words.size();
    long[] byCorpus = new long[local];
    for (int w = 0; w < local; w++) {
      byCorpus[w] = ((long) toCorpus[w] << 32) | w;
    }
    Arrays.sort(byCorpus);
    int[] rankOf = new int[local];
    int[] corpusOf = new int[local];
    for (int r = 0; r < local; r++) {
      rankOf[(int) byCorpus[r]] = r;
      corpusOf[r] = (int) (byCorpus[r] >>> 32);
    }
    int[] t = new int[length];
    for (int i = 0; i < length; i++) {
      t[i] = rankOf[tokens[i]];
    }
    // the last position of each sentence: an n-gram ends there at the latest
    long[] last = new long[(length + 63) >>> 6];
    for (int s = 0; s < sentences; s++) {
      int e = end(s) - 1;
      last[e >>> 6] |= 1L << e;
    }
    NgramTable[] tables = new NgramTable[order];
    Level level = unigrams(t, local, corpusOf);
    tables[0] = level.table;
    Window window = Window.of(local, windowWords);
    for (int n = 2; n <= order; n++) {
      level = level.extend(n, t, last, corpusOf, window, n == order);
      tables[n - 1] = level.table;
    }
    return new NgramCounts(tables);
  }

  /**
   * The words that follow a position, packed into a long that travels with the position from order to order.
   * Read at random from the shard's tokens, the following word was a cache miss for nearly every position of
   * every order (most of the counting time): order 2 reads the words after each position together, from one
   * place in the tokens, and orders 3 and up take theirs from the window in the order they already read.
   * {@code words} is how many fit (0 where the shard's vocabulary needs more than 21 bits a word). The price
   * is memory while counting: two orders' windows are alive at once, 16 bytes a position on top of about 24.
   */
  private record Window(int bits, int words, long mask) {
    static Window of(int local, int most) {
      int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(local - 1));
      return new Window(bits, Math.min(most, 64 / bits >= 3 ? 64 / bits : 0), (1L << bits) - 1);
    }

    /** The window of position {@code p}: the words at {@code p + 2, p + 3, ...} that lie in the tokens. */
    long at(int[] t, int p) {
      long w = 0;
      int to = Math.min(words, t.length - p - 2);
      for (int i = 0; i < to; i++) {
        w |= (long) t[p + 2 + i] << (bits * i);
      }
      return w;
    }

    /** Whether order {@code n} finds its new word in the window (it lies {@code n - 1} after the position). */
    boolean holds(int n) {
      return n >= 3 && n - 3 < words;
    }

    int word(long w, int n) {
      return (int) ((w >>> (bits * (n - 3))) & mask);
    }
  }

  /**
   * The distinct n-grams of one order, and the sorted positions of each ({@code pos[groups[d], groups[d + 1])}),
   * with each position's {@link Window} beside it ({@code null} for unigrams, and where no window is kept).
   */
  private record Level(NgramTable table, int[] pos, int[] groups, long[] win) {
    /**
     * The next order: each group's positions that have a word after them within their sentence, sorted by
     * that word (packed as word rank and the position's index in its group). {@code top}: the highest order,
     * whose positions no order after it needs.
     */
    Level extend(int n, int[] t, long[] last, int[] corpusOf, Window window, boolean top) {
      int shorter = n - 1;
      int distinctBefore = table.size();
      boolean fromWindow = window.holds(n);
      // order 2 starts the windows when a later order will read them
      boolean keepWindow = !top && window.holds(n + 1);
      int[] pos2 = top ? null : new int[pos.length];
      long[] win2 = keepWindow ? new long[pos.length] : null;
      int[] groups2 = top ? null : new int[pos.length + 1];
      int[] grams = new int[Math.max(16, distinctBefore) * n];
      long[] counts = new long[Math.max(16, distinctBefore)];
      long[] keys = new long[16];
      // order 2's windows, read beside the word it sorts by (the tokens' same cache line), in group order
      long[] started = new long[16];
      boolean start = keepWindow && win == null;
      int k = 0;
      int d = 0;
      for (int g = 0; g < distinctBefore; g++) {
        int from = groups[g];
        int to = groups[g + 1];
        // a sentence's last position holds </s>: only a group ending in that word (or in the text's own
        // "</s>") can have positions with nothing after them
        boolean mayEnd = table.id(g, shorter - 1) == EOS;
        if (to - from > keys.length) {
          keys = new long[Math.max(to - from, 2 * keys.length)];
          started = start ? new long[keys.length] : started;
        }
        int size = 0;
        for (int j = from; j < to; j++) {
          int p = pos[j];
          int end = p + shorter - 1;
          if (!mayEnd || (last[end >>> 6] & 1L << end) == 0) {
            int word = fromWindow ? window.word(win[j], n) : t[end + 1];
            keys[size++] = (long) word << 32 | (j - from);
            if (start) {
              started[j - from] = window.at(t, p);
            }
          }
        }
        if (size > 1) {
          Arrays.sort(keys, 0, size);
        }
        for (int j = 0; j < size; j++) {
          int word = (int) (keys[j] >>> 32);
          if (j == 0 || word != (int) (keys[j - 1] >>> 32)) {
            if (d == counts.length) {
              counts = Arrays.copyOf(counts, d + (d >> 1));
              grams = Arrays.copyOf(grams, counts.length * n);
            }
            for (int i = 0; i < shorter; i++) {
              grams[d * n + i] = table.id(g, i);
            }
            grams[d * n + shorter] = corpusOf[word];
            if (!top) {
              groups2[d] = k;
            }
            d++;
          }
          counts[d - 1]++;
          if (!top) {
            int at = from + (int) keys[j];
            pos2[k] = pos[at];
            if (keepWindow) {
              win2[k] = start ? started[at - from] : win[at];
            }
            k++;
          }
        }
      }
      if (!top) {
        groups2[d] = k;
      }
      NgramTable next = NgramTable.ofSorted(n, Arrays.copyOf(grams, Math.max(16, d) * n),
          Arrays.copyOf(counts, Math.max(16, d)), d);
      return new Level(next, pos2, groups2, win2);
    }
  }

  /** Every position sorted by its word (a counting sort over ranks), and the words with their counts. */
  private static Level unigrams(int[] t, int local, int[] corpusOf) {
    int[] start = new int[local + 1];
    for (int w : t) {
      start[w + 1]++;
    }
    int distinct = 0;
    for (int w = 0; w < local; w++) {
      distinct += start[w + 1] > 0 ? 1 : 0;
      start[w + 1] += start[w];
    }
    int[] groups = new int[distinct + 1];
    int[] grams = new int[Math.max(16, distinct)];
    long[] counts = new long[Math.max(16, distinct)];
    int d = 0;
    for (int w = 0; w < local; w++) {
      if (start[w + 1] > start[w]) {
        groups[d] = start[w];
        grams[d] = corpusOf[w];
        counts[d++] = start[w + 1] - start[w];
      }
    }
    groups[d] = t.length;
    int[] pos = new int[t.length];
    for (int p = 0; p < t.length; p++) {
      pos[start[t[p]]++] = p;
    }
    return new Level(NgramTable.ofSorted(1, grams, counts, distinct), pos, groups, null);
  }

  /** Where sentence {@code s} ends (exclusive). */
  private int end(int s) {
    return s + 1 < sentences ? starts[s + 1] : length;
  }

  /** Only the filled part of the arrays travels, in bulk (as {@link NgramTable}'s do). */
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    BulkArrays.write(out, tokens, length);
    BulkArrays.write(out, starts, sentences);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    tokens = new int[length];
    starts = new int[sentences];
    BulkArrays.read(in, tokens, length);
    BulkArrays.read(in, starts, sentences);
  }

  /**
   * The corpus vocabulary of shards given as (words, frequencies) pairs: {@code <unk>}, {@code <s>},
   * {@code </s>}, then the words by total frequency, most frequent first, ties by word, so that it does
   * not depend on how the corpus was split. Returns the vocabulary, its token count (without the sentence
   * markers) and each shard's map to it.
   *
   * <p>One map lookup per shard word gives a provisional id, with totals in a flat array, and the shards' maps
   * follow from the provisional ids' ranks; a map of counters per word, a second map to look the ranks up and
   * a comparator reading the counters through it took most of a second on 390,000 words.
   */
  public static Vocabulary vocabulary(List<String[]> shardWords, List<long[]> shardFrequencies) {
    int largest = 16;
    for (String[] w : shardWords) {
      largest = Math.max(largest, w.length);
    }
    Map<String, Integer> provisional = new HashMap<>(largest * 2);
    List<String> names = new ArrayList<>(largest);
    long[] total = new long[largest];
    int[][] maps = new int[shardWords.size()][];
    for (int s = 0; s < shardWords.size(); s++) {
      String[] w = shardWords.get(s);
      long[] f = shardFrequencies.get(s);
      int[] map = new int[w.length];
      for (int i = EOS + 1; i < w.length; i++) {
        Integer id = provisional.putIfAbsent(w[i], names.size());
        if (id == null) {
          id = names.size();
          names.add(w[i]);
          if (id == total.length) {
            total = Arrays.copyOf(total, total.length * 2);
          }
        }
        total[id] += f[i];
        map[i] = id;
      }
      maps[s] = map;
    }
    int[] byFrequency = byFrequency(total, names);
    String[] vocab = new String[names.size() + 3];
    vocab[UNK] = "<unk>";
    vocab[BOS] = "<s>";
    vocab[EOS] = "</s>";
    int[] rank = new int[names.size()];
    long tokens = 0;
    for (int r = 0; r < byFrequency.length; r++) {
      vocab[r + 3] = names.get(byFrequency[r]);
      rank[byFrequency[r]] = r + 3;
      tokens += total[byFrequency[r]];
    }
    for (int[] map : maps) {
      for (int i = EOS + 1; i < map.length; i++) {
        map[i] = rank[map[i]];
      }
      for (int i = 0; i <= EOS && i < map.length; i++) {
        map[i] = i;
      }
    }
    return new Vocabulary(vocab, tokens, maps);
  }

  /**
   * Ids {@code 0 .. names.size()) ordered by total, most frequent first, ties by name: primitive sorts of
   * (frequency rank, id) keys, then each run of equal totals in the natural order of its names ({@link #byName}).
   * A comparator over boxed ids spent most of its time reading counters and names through them.
   */
  private static int[] byFrequency(long[] total, List<String> names) {
    int size = names.size();
    long[] distinct = Arrays.copyOf(total, size);
    Arrays.sort(distinct);
    int unique = 0;
    for (int i = 0; i < size; i++) {
      if (unique == 0 || distinct[unique - 1] != distinct[i]) {
        distinct[unique++] = distinct[i];
      }
    }
    long[] keys = new long[size];
    for (int id = 0; id < size; id++) {
      // the rank of the total among the distinct ones, largest first
      long higher = unique - 1 - Arrays.binarySearch(distinct, 0, unique, total[id]);
      keys[id] = higher << 32 | id;
    }
    Arrays.sort(keys);
    int[] ids = new int[size];
    for (int i = 0; i < size; ) {
      int j = i;
      while (j < size && keys[j] >>> 32 == keys[i] >>> 32) {
        j++;
      }
      if (j - i > 1) {
        byName(keys, i, j, names, ids);
      } else {
        ids[i] = (int) keys[i];
      }
      i = j;
    }
    return ids;
  }

  /**
   * Writes the ids of {@code keys[from, to)} (their low halves) to {@code ids[from, to)} in the natural order of
   * their names. Sorting the 200,000-odd words seen once as Strings missed the cache on nearly every compare;
   * here a primitive sort of (name prefix, index) keys orders them, and only names with one prefix are compared
   * as Strings (the vocabulary of Europarl's two shards, 392,453 words: 0.24-0.60 s against 0.32-1.0 s).
   */
  private static void byName(long[] keys, int from, int to, List<String> names, int[] ids) {
    int count = to - from;
    int indexBits = 32 - Integer.numberOfLeadingZeros(count - 1);
    long[] byPrefix = new long[count];
    for (int k = 0; k < count; k++) {
      byPrefix[k] = prefix(names.get((int) keys[from + k]), 63 - indexBits) << indexBits | k;
    }
    Arrays.sort(byPrefix);
    long index = (1L << indexBits) - 1;
    for (int a = 0; a < count; ) {
      int b = a + 1;
      while (b < count && byPrefix[b] >>> indexBits == byPrefix[a] >>> indexBits) {
        b++;
      }
      if (b - a == 1) {
        ids[from + a] = (int) keys[from + (int) (byPrefix[a] & index)];
      } else {
        Integer[] run = new Integer[b - a];
        for (int k = a; k < b; k++) {
          run[k - a] = (int) keys[from + (int) (byPrefix[k] & index)];
        }
        Arrays.sort(run, (x, y) -> names.get(x).compareTo(names.get(y)));
        for (int k = a; k < b; k++) {
          ids[from + k] = run[k - a];
        }
      }
      a = b;
    }
  }

  /**
   * The first {@code bits} bits of a name's code, in an order that never contradicts {@link String#compareTo}:
   * a char below 0x7E is 7 bits (the char + 1), any other 0x7F then its 16 bits, and the code ends in zeros, so
   * a shorter name comes first. Names equal up to the cut tie here.
   */
  private static long prefix(String name, int bits) {
    long p = 0;
    int used = 0;
    for (int i = 0; i < name.length() && used < bits; i++) {
      char c = name.charAt(i);
      long code = c < 0x7E ? c + 1 : 0x7FL << 16 | c;
      int length = c < 0x7E ? 7 : 23;
      if (used + length > bits) {
        code >>>= used + length - bits;
        length = bits - used;
      }
      p = p << length | code;
      used += length;
    }
    return p << (bits - used);
  }

  /** A corpus vocabulary, the number of tokens it was built from, and each shard's map to it. */
  public static final class Vocabulary {
    private final String[] words;
    private final long tokens;
    private final int[][] maps;

    Vocabulary(String[] words, long tokens, int[][] maps) {
      this.words = words;
      this.tokens = tokens;
      this.maps = maps;
    }

    public String[] words() {
      return words;
    }

    public long tokens() {
      return tokens;
    }

    /** The map from shard {@code shard}'s word ids (in the order the shards were given) to this vocabulary's. */
    public int[] mapping(int shard) {
      return maps[shard];
    }
  }
}
