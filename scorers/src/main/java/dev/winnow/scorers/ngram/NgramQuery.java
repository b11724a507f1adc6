package dev.winnow.scorers.ngram;

/**
 * Scores sentences with KenLM's backoff semantics: each word (then {@code </s>}) after {@code <s>} gets
 * the probability of the longest n-gram of the model ending in it, plus the backoffs of the longer
 * contexts that exist; a word outside the vocabulary is {@code <unk>}. Like KenLM's {@code query}, a line's
 * log10 probabilities are summed in single precision. Not thread-safe: one per task.
 */
public final class NgramQuery {
  private final NgramModel m;
  private final long[] vocab;
  private final int order;
  /** The most recent words, newest first. */
  private final int[] history;
  /**
   * KenLM's state: the backoffs of the context n-grams that exist, by length (index j for j words), found
   * while matching the previous word, so no lookup is spent on backoffs.
   */
  private float[] backoff;
  private float[] next;
  private int contextLength;
  private final float bosBackoff;
  private final long unkUnigram;
  private final long unkKey;
  private final long eosUnigram;
  private final long eosKey;

  /** What a line scored: its total log10 probability, tokens ({@code </s>} included) and unknown words. */
  public record LineScore(float log10Prob, int tokens, int oov) {
  }

  public NgramQuery(NgramModel model) {
    this.m = model;
    this.vocab = model.vocab();
    this.order = model.order;
    this.history = new int[Math.max(1, model.order - 1)];
    this.backoff = new float[model.order + 1];
    this.next = new float[model.order + 1];
    this.bosBackoff = Float.intBitsToFloat((int) model.unigram(model.bos));
    this.unkUnigram = model.unigram(model.unk);
    this.unkKey = NgramModel.combine(NgramModel.SEED, model.unk);
    this.eosUnigram = model.unigram(model.eos);
    this.eosKey = NgramModel.combine(NgramModel.SEED, model.eos);
  }

  /** One line, already split into words. */
  public LineScore line(String[] words, int count) {
    begin();
    float total = 0f;
    int oov = 0;
    for (int i = 0; i < count; i++) {
      Integer id = m.ids.get(words[i]);
      if (id == null) {
        oov++;
        total += score(m.unk, unkUnigram, unkKey);
      } else {
        total += score(id, m.unigram(id), NgramModel.combine(NgramModel.SEED, id));
      }
    }
    total += score(m.eos, eosUnigram, eosKey);
    return new LineScore(total, count + 1, oov);
  }

  /**
   * The line {@code text[from, to)} split at ASCII whitespace as {@link TextPrep} splits, scored word by
   * word as it is scanned (each word's hash is taken in the same pass that finds its end); a line without
   * words scores nothing (0 tokens), as KenLM skips it.
   */
  public LineScore line(String text, int from, int to) {
    float total = 0f;
    int words = 0;
    int oov = 0;
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      if (TextPrep.isSpace(c)) {
        i++;
        continue;
      }
      long h = NgramModel.WORD_HASH_START;
      do {
        h = NgramModel.wordHashStep(h, c);
        if (++i == to) {
          break;
        }
        c = text.charAt(i);
      } while (!TextPrep.isSpace(c));
      if (words++ == 0) {
        begin();
      }
      int s = m.wordSlot(h == 0 ? 1 : h);
      if (s < 0) {
        oov++;
        total += score(m.unk, unkUnigram, unkKey);
      } else {
        total += score((int) vocab[s + 1], vocab[s + 2], vocab[s + 3]);
      }
    }
    if (words == 0) {
      return new LineScore(0f, 0, 0);
    }
    total += score(m.eos, eosUnigram, eosKey);
    return new LineScore(total, words + 1, oov);
  }

  /** A new line: the history is {@code <s>}. */
  private void begin() {
    history[0] = m.bos;
    backoff[1] = bosBackoff;
    contextLength = order > 1 ? 1 : 0;
  }

  /**
   * log10 p(word | history), then the word joins the history; {@code unigram} is the word's unigram prob and
   * backoff bits and {@code h} its unigram key.
   */
  private float score(int word, long unigram, long h) {
    int maxNext = order - 1;
    float p = Float.intBitsToFloat((int) (unigram >>> 32));
    float[] nb = next;
    if (maxNext >= 1) {
      nb[1] = Float.intBitsToFloat((int) unigram);
    }
    int matched = 0;
    int[] hist = history;
    for (int j = 1; j <= contextLength; j++) {
      h = NgramModel.combine(h, hist[j - 1]);
      int s = m.find(j + 1, h);
      if (s < 0) {
        break;
      }
      p = m.prob(j + 1, s);
      matched = j;
      if (j + 1 <= maxNext) {
        nb[j + 1] = m.backoff(j + 1, s);
      }
    }
    float[] b = backoff;
    for (int j = matched + 1; j <= contextLength; j++) {
      p += b[j];
    }
    backoff = nb;
    next = b;
    contextLength = Math.min(matched + 1, maxNext);
    for (int k = hist.length - 1; k > 0; k--) {
      hist[k] = hist[k - 1];
    }
    hist[0] = word;
    return p;
  }
}
