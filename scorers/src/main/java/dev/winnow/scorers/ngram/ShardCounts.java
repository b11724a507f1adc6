package dev.winnow.scorers.ngram;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The n-gram counts of one shard of a corpus (a Spark partition), over a vocabulary of the shard's own, so
 * that a shard is counted in one pass without knowing the others. {@link #addTo} maps them into the
 * corpus-wide vocabulary. Ids 0, 1 and 2 are {@code <unk>}, {@code <s>} and {@code </s>} in every shard.
 */
public final class ShardCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int UNK = 0;
  public static final int BOS = 1;
  public static final int EOS = 2;

  private final List<String> words = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
  private final transient Map<String, Integer> ids = new HashMap<>();
  private final NgramCounts counts;
  private transient int[] sentence = new int[256];
  /** Documents seen, and how many of them were counted; set by the caller. */
  public long documents;
  public long counted;

  public ShardCounts(int order) {
    counts = new NgramCounts(order);
    for (int i = 0; i < words.size(); i++) {
      ids.put(words.get(i), i);
    }
  }

  /** Counts one line of tokens, with {@code <s>} before and {@code </s>} after it. */
  public void addLine(String[] tokens) {
    if (sentence.length < tokens.length + 2) {
      sentence = new int[tokens.length + 2];
    }
    int[] s = sentence;
    s[0] = BOS;
    for (int i = 0; i < tokens.length; i++) {
      Integer id = ids.get(tokens[i]);
      if (id == null) {
        id = words.size();
        ids.put(tokens[i], id);
        words.add(tokens[i]);
      }
      s[i + 1] = id;
    }
    s[tokens.length + 1] = EOS;
    counts.addSentence(s, tokens.length + 2);
  }

  /** The shard's words by their ids here. */
  public String[] words() {
    return words.toArray(new String[0]);
  }

  /** How often each word (by id here) occurs in the shard: its unigram count. */
  public long[] frequencies() {
    long[] f = new long[words.size()];
    NgramTable uni = counts.table(1);
    for (int e = 0; e < uni.size(); e++) {
      f[uni.id(e, 0)] = uni.count(e);
    }
    return f;
  }

  /** This shard's counts with its word ids replaced by the corpus's, in place: the first shard needs no copy. */
  public NgramCounts toCorpus(int[] toCorpus) {
    counts.remap(toCorpus);
    return counts;
  }

  /**
   * Adds this shard's counts to {@code corpus}, mapping this shard's word ids through {@code toCorpus}. Each
   * order is its own table, so orders are merged in parallel, each table first made room for all of this
   * shard's n-grams so that it grows and re-indexes once at most.
   */
  public void addTo(NgramCounts corpus, int[] toCorpus) {
    java.util.stream.IntStream.rangeClosed(1, counts.order()).parallel().forEach(n -> {
      int[] buf = new int[n];
      NgramTable mine = counts.table(n);
      NgramTable theirs = corpus.table(n);
      theirs.reserve(theirs.size() + mine.size());
      for (int e = 0; e < mine.size(); e++) {
        for (int i = 0; i < n; i++) {
          buf[i] = toCorpus[mine.id(e, i)];
        }
        theirs.add(buf, 0, theirs.hash(buf, 0), mine.count(e));
      }
    });
  }

  /**
   * The corpus vocabulary of shards given as (words, frequencies) pairs: {@code <unk>}, {@code <s>},
   * {@code </s>}, then the words by total frequency, most frequent first, ties by word, so that it does
   * not depend on how the corpus was split. Returns the vocabulary and its token count (without the
   * sentence markers).
   */
  public static Vocabulary vocabulary(List<String[]> shardWords, List<long[]> shardFrequencies) {
    Map<String, long[]> total = new HashMap<>();
    for (int s = 0; s < shardWords.size(); s++) {
      String[] w = shardWords.get(s);
      long[] f = shardFrequencies.get(s);
      for (int i = EOS + 1; i < w.length; i++) {
        total.computeIfAbsent(w[i], k -> new long[1])[0] += f[i];
      }
    }
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(total.entrySet());
    sorted.sort((a, b) -> a.getValue()[0] == b.getValue()[0] ? a.getKey().compareTo(b.getKey())
        : Long.compare(b.getValue()[0], a.getValue()[0]));
    String[] vocab = new String[sorted.size() + 3];
    vocab[UNK] = "<unk>";
    vocab[BOS] = "<s>";
    vocab[EOS] = "</s>";
    long tokens = 0;
    for (int i = 0; i < sorted.size(); i++) {
      vocab[i + 3] = sorted.get(i).getKey();
      tokens += sorted.get(i).getValue()[0];
    }
    return new Vocabulary(vocab, tokens);
  }

  /** A corpus vocabulary and the number of tokens it was built from. */
  public static final class Vocabulary {
    private final String[] words;
    private final long tokens;
    private final Map<String, Integer> index;

    Vocabulary(String[] words, long tokens) {
      this.words = words;
      this.tokens = tokens;
      this.index = new HashMap<>(words.length * 2);
      for (int i = 0; i < words.length; i++) {
        index.put(words[i], i);
      }
    }

    public String[] words() {
      return words;
    }

    public long tokens() {
      return tokens;
    }

    /** The map from a shard's word ids to this vocabulary's. */
    public int[] mapping(String[] shardWords) {
      int[] out = new int[shardWords.length];
      for (int i = 0; i < shardWords.length; i++) {
        out[i] = index.get(shardWords[i]);
      }
      return out;
    }
  }
}
