package dev.winnow.scorers.ngram;

import java.util.HashMap;
import java.util.Map;

/**
 * A backoff n-gram model laid out like KenLM's "probing" structure: per order, an open-addressing table
 * keyed by a 64-bit hash of the n-gram's word ids, with the log10 probability and backoff in parallel float
 * arrays. As in KenLM's probing model, the words of an n-gram are not stored, only the hash (two n-grams
 * of one order collide with probability about n^2 / 2^65). No object is allocated per n-gram: an n-gram
 * costs 16 bytes of payload, {@link #bytesPerNgram()} with the tables' slack.
 *
 * <p>Hand-written because no maintained JVM library reads ARPA models or answers KenLM's queries; KenLM
 * itself is C++ behind JNI elsewhere, which is what Winnow avoids.
 */
public final class NgramModel {
  static final long SEED = 0x2545F4914F6CDD1DL;

  final int order;
  final String[] words;
  final Map<String, Integer> ids;
  final int unk;
  final int bos;
  final int eos;
  /**
   * Per order, slot i at [2i] holds the key and [2i + 1] the float bits of log10 prob (high half) and backoff
   * (low half): one probe touches one cache line.
   */
  private final long[][] tables;
  private final int[] capacities;
  private final int[] sizes;
  /**
   * The vocabulary again, for the scoring loop: an open-addressing table probed with the hash of a range of a
   * line's chars, so no String is cut per token. A slot holds everything a token needs, so that a word costs
   * one probe where a map lookup, the unigram table and the key's first mixing step would each cost one: at
   * [4i] the word's hash (0: empty), [4i + 1] its id, [4i + 2] its unigram prob and backoff (the layout of
   * {@link #tables}), [4i + 3] its unigram key. As KenLM's vocabulary, it keeps hashes only and trusts
   * them: two of V words share a 64-bit hash with probability about V^2 / 2^65.
   */
  private final long[] vocab;
  private final int vocabCapacity;
  /** Each word id's slot in {@link #vocab}. */
  private final int[] vocabSlots;
  /** Per id, the unigram's prob and backoff, for tokens met by id rather than by text. */
  private final long[] unigrams;

  /** An empty model with room for {@code counts[n - 1]} n-grams of each order, filled by {@link #put}. */
  NgramModel(int order, String[] words, long[] counts) {
    this(order, words, emptyTables(counts), new int[order]);
  }

  /** A model whose tables were loaded as they are (see {@link NgramBinary}). */
  NgramModel(int order, String[] words, long[][] tables, int[] sizes) {
    this.order = order;
    this.words = words;
    this.ids = index(words);
    this.unk = idOrThrow("<unk>");
    this.bos = idOrThrow("<s>");
    this.eos = idOrThrow("</s>");
    this.tables = tables;
    this.sizes = sizes;
    this.capacities = new int[order];
    for (int n = 0; n < order; n++) {
      capacities[n] = tables[n].length / 2;
    }
    this.unigrams = new long[words.length];
    this.vocabSlots = new int[words.length];
    // 1.5 slots per word, as in KenLM's probing tables: about half the memory of a power-of-two table kept
    // under half full, and no slower (the home slot is a multiply-shift, which needs no power of two)
    this.vocabCapacity = (int) Math.max(16, words.length * 3L / 2);
    this.vocab = new long[4 * vocabCapacity];
    for (int id = 0; id < words.length; id++) {
      long key = combine(SEED, id);
      int s = find(1, key);
      unigrams[id] = s < 0 ? 0 : tables[0][2 * s + 1];
      long h = wordHash(words[id], 0, words[id].length());
      int i = vocabHome(h);
      while (vocab[4 * i] != 0) {
        if (vocab[4 * i] == h) {
          throw new IllegalArgumentException("Cannot load n-gram model: words '" + words[(int) vocab[4 * i + 1]]
              + "' and '" + words[id] + "' share a 64-bit hash");
        }
        i = i + 1 == vocabCapacity ? 0 : i + 1;
      }
      vocabSlots[id] = 4 * i;
      vocab[4 * i] = h;
      vocab[4 * i + 1] = id;
      vocab[4 * i + 2] = unigrams[id];
      vocab[4 * i + 3] = key;
    }
  }

  /** FNV-1a over UTF-16 chars; never 0, the empty slot. */
  static long wordHash(String s, int from, int to) {
    long h = WORD_HASH_START;
    for (int i = from; i < to; i++) {
      h = wordHashStep(h, s.charAt(i));
    }
    return h == 0 ? 1 : h;
  }

  /** Continues FNV-1a with one more char (see {@link #wordHash}). */
  static long wordHashStep(long h, char c) {
    return (h ^ c) * 0x100000001B3L;
  }

  static final long WORD_HASH_START = 0xCBF29CE484222325L;

  private int vocabHome(long h) {
    return wordHome(h, vocabCapacity);
  }

  /**
   * A word hash's home slot in a table of {@code capacity} slots: its top bits after a multiply by 2^64 / phi,
   * scaled to the table. FNV-1a's own top bits barely depend on a word's last characters, and indexing by them
   * clustered words sharing a prefix (runs of 134 slots in a 392k-word vocabulary, against 22 mixed).
   */
  static int wordHome(long h, int capacity) {
    return (int) ((((h * 0x9E3779B97F4A7C15L) >>> 32) * capacity) >>> 32);
  }

  /** The vocabulary slot (index into {@link #vocab}) of the word with this hash, or -1 outside the vocabulary. */
  int wordSlot(long h) {
    long[] v = vocab;
    int cap = vocabCapacity;
    int i = vocabHome(h);
    long k;
    while ((k = v[4 * i]) != 0) {
      if (k == h) {
        return 4 * i;
      }
      i = i + 1 == cap ? 0 : i + 1;
    }
    return -1;
  }

  long[] vocab() {
    return vocab;
  }

  /** A unigram's prob and backoff bits by id. */
  long unigram(int id) {
    return unigrams[id];
  }

  private static long[][] emptyTables(long[] counts) {
    long[][] tables = new long[counts.length][];
    for (int n = 0; n < counts.length; n++) {
      // load factor 0.7 at most, as KenLM's probing tables (which default to 1.5 slots per entry)
      int cap = (int) Math.min(Integer.MAX_VALUE / 2 - 8, Math.max(4, counts[n] * 10 / 7 + 2));
      tables[n] = new long[2 * cap];
    }
    return tables;
  }

  long[] table(int n) {
    return tables[n - 1];
  }

  private static Map<String, Integer> index(String[] words) {
    Map<String, Integer> ids = new HashMap<>(words.length * 2);
    for (int i = 0; i < words.length; i++) {
      ids.put(words[i], i);
    }
    return ids;
  }

  private int idOrThrow(String w) {
    Integer id = ids.get(w);
    if (id == null) {
      throw new IllegalArgumentException("Cannot load n-gram model: no " + w + " in its vocabulary");
    }
    return id;
  }

  /** Mixes one more word id into an n-gram key (MurmurHash3's finaliser); never returns 0, the empty slot. */
  static long combine(long h, int id) {
    long x = h ^ ((id + 1L) * 0x9E3779B97F4A7C15L);
    x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
    x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
    x ^= x >>> 33;
    return x == 0 ? 1 : x;
  }

  /** The key of an n-gram given newest word first: {@code ids[0]} is the predicted word, then its context. */
  static long key(int[] newestFirst, int length) {
    long h = SEED;
    for (int i = 0; i < length; i++) {
      h = combine(h, newestFirst[i]);
    }
    return h;
  }

  /** The key's home slot: the top 32 bits scaled to the table (Lemire's multiply-shift, no division). */
  private static int home(long key, int capacity) {
    return (int) (((key >>> 32) * capacity) >>> 32);
  }

  /** A unigram by word id: into the order-1 table, the per-id array and the word's vocabulary slot. */
  void putUnigram(int id, float prob, float backoff) {
    put(1, combine(SEED, id), prob, backoff);
    long bits = packed(prob, backoff);
    unigrams[id] = bits;
    vocab[vocabSlots[id] + 2] = bits;
  }

  private static long packed(float prob, float backoff) {
    return ((long) Float.floatToRawIntBits(prob) << 32) | (Float.floatToRawIntBits(backoff) & 0xFFFFFFFFL);
  }

  void put(int n, long key, float prob, float backoff) {
    put(n, key, packed(prob, backoff));
  }

  private void put(int n, long key, long value) {
    long[] t = tables[n - 1];
    int cap = capacities[n - 1];
    int i = home(key, cap);
    while (t[2 * i] != 0 && t[2 * i] != key) {
      i = i + 1 == cap ? 0 : i + 1;
    }
    if (t[2 * i] == 0) {
      if ((sizes[n - 1] + 1) * 20L > cap * 19L) {
        throw new IllegalStateException("Cannot load n-gram model: more " + n + "-grams than its header declares");
      }
      sizes[n - 1]++;
    }
    t[2 * i] = key;
    t[2 * i + 1] = value;
  }

  /**
   * Puts n-grams of order {@code n} ({@code keys[e]} with {@code probs[e]} and {@code backoffs[e]}) a region
   * of the table at a time, rather than in the order given. In word order each n-gram's slot was a random
   * place in a table far larger than the cache, one miss per n-gram; here one stable counting pass moves the
   * pairs into about 2,000 runs by region (sequential writes into as many streams), and the inserts then walk
   * the table from one end to the other (the Europarl 5-gram's tables, 9.3M n-grams: 0.44-0.86 s against
   * 0.88-2.0 s). The layout depends only on the keys and the order given, as before.
   */
  void putAll(int n, long[] keys, float[] probs, float[] backoffs) {
    int cap = capacities[n - 1];
    int shift = Math.max(0, 31 - Integer.numberOfLeadingZeros(cap) - 11);
    int[] start = new int[((cap - 1) >>> shift) + 2];
    for (long key : keys) {
      start[(home(key, cap) >>> shift) + 1]++;
    }
    for (int r = 1; r < start.length; r++) {
      start[r] += start[r - 1];
    }
    long[] sortedKeys = new long[keys.length];
    long[] sortedValues = new long[keys.length];
    for (int e = 0; e < keys.length; e++) {
      int at = start[home(keys[e], cap) >>> shift]++;
      sortedKeys[at] = keys[e];
      sortedValues[at] = packed(probs[e], backoffs[e]);
    }
    for (int e = 0; e < sortedKeys.length; e++) {
      put(n, sortedKeys[e], sortedValues[e]);
    }
  }

  /** The slot of an n-gram of order {@code n}, or -1. */
  int find(int n, long key) {
    long[] t = tables[n - 1];
    int cap = capacities[n - 1];
    int i = home(key, cap);
    long v;
    while ((v = t[2 * i]) != 0) {
      if (v == key) {
        return i;
      }
      i = i + 1 == cap ? 0 : i + 1;
    }
    return -1;
  }

  float prob(int n, int slot) {
    return Float.intBitsToFloat((int) (tables[n - 1][2 * slot + 1] >>> 32));
  }

  float backoff(int n, int slot) {
    return Float.intBitsToFloat((int) tables[n - 1][2 * slot + 1]);
  }

  public int order() {
    return order;
  }

  /** Word id, or {@code <unk>}'s id for a word outside the vocabulary. */
  public int id(String word) {
    Integer id = ids.get(word);
    return id == null ? unk : id;
  }

  public boolean known(String word) {
    return ids.containsKey(word);
  }

  /**
   * The stored log10 probability and backoff (0 at the highest order) of the n-gram {@code words}, oldest
   * word first, or null when the model does not hold it: for checking one model's entries against another's.
   */
  public float[] entry(String... words) {
    int n = words.length;
    if (n < 1 || n > order) {
      return null;
    }
    int[] newestFirst = new int[n];
    for (int i = 0; i < n; i++) {
      Integer id = ids.get(words[n - 1 - i]);
      if (id == null) {
        return null;
      }
      newestFirst[i] = id;
    }
    if (n == 1) {
      long u = unigram(newestFirst[0]);
      return new float[] {Float.intBitsToFloat((int) (u >>> 32)), Float.intBitsToFloat((int) u)};
    }
    int s = find(n, key(newestFirst, n));
    return s < 0 ? null : new float[] {prob(n, s), n < order ? backoff(n, s) : 0f};
  }

  public long ngrams() {
    long n = 0;
    for (int s : sizes) {
      n += s;
    }
    return n;
  }

  public long ngrams(int n) {
    return sizes[n - 1];
  }

  /** Memory of the n-gram tables, slack included, per n-gram stored. */
  public double bytesPerNgram() {
    long bytes = 0;
    for (long[] t : tables) {
      bytes += t.length * 8L;
    }
    return (double) bytes / Math.max(1, ngrams());
  }
}
