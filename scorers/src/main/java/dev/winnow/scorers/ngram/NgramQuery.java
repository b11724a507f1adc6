package dev.winnow.scorers.ngram;

/**
 * Scores sentences with KenLM's backoff semantics: each word (then {@code </s>}) after {@code <s>} gets
 * the probability of the longest n-gram of the model ending in it, plus the backoffs of the longer
 * contexts that exist; a word outside the vocabulary is {@code <unk>}. Like KenLM's {@code query}, a line's
 * log10 probabilities are summed in single precision. Not thread-safe: one per task.
 */
public final class NgramQuery {
  private final NgramModel m;
  /** The most recent words, newest first. */
  private final int[] history;
  /**
   * KenLM's state: the backoffs of the context n-grams that exist, by length (index j for j words), found
   * while matching the previous word, so no lookup is spent on backoffs.
   */
  private float[] backoff;
  private float[] next;
  private int contextLength;

  /** What a line scored: its total log10 probability, tokens ({@code </s>} included) and unknown words. */
  public record LineScore(float log10Prob, int tokens, int oov) {
  }

  public NgramQuery(NgramModel model) {
    this.m = model;
    this.history = new int[Math.max(1, model.order - 1)];
    this.backoff = new float[model.order + 1];
    this.next = new float[model.order + 1];
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
        total += score(m.unk);
      } else {
        total += score(id);
      }
    }
    total += score(m.eos);
    return new LineScore(total, count + 1, oov);
  }

  /**
   * The line {@code text[from, to)} split at ASCII whitespace as {@link TextPrep} splits, scored word by
   * word as it is scanned; a line without words scores nothing (0 tokens), as KenLM skips it.
   */
  public LineScore line(String text, int from, int to) {
    float total = 0f;
    int words = 0;
    int oov = 0;
    int start = -1;
    for (int i = from; i <= to; i++) {
      char c = i < to ? text.charAt(i) : ' ';
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f') {
        if (start >= 0) {
          if (words++ == 0) {
            begin();
          }
          int id = m.idOf(text, start, i);
          if (id < 0) {
            oov++;
            id = m.unk;
          }
          total += score(id);
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (words == 0) {
      return new LineScore(0f, 0, 0);
    }
    total += score(m.eos);
    return new LineScore(total, words + 1, oov);
  }

  /** A new line: the history is {@code <s>}. */
  private void begin() {
    history[0] = m.bos;
    int s = m.find(1, NgramModel.combine(NgramModel.SEED, m.bos));
    backoff[1] = m.backoff(1, s);
    contextLength = m.order > 1 ? 1 : 0;
  }

  /** log10 p(word | history), then the word joins the history. */
  float score(int word) {
    int maxNext = m.order - 1;
    long h = NgramModel.combine(NgramModel.SEED, word);
    int slot = m.find(1, h);
    float p = m.prob(1, slot);
    if (maxNext >= 1) {
      next[1] = m.backoff(1, slot);
    }
    int matched = 0;
    for (int j = 1; j <= contextLength; j++) {
      h = NgramModel.combine(h, history[j - 1]);
      int s = m.find(j + 1, h);
      if (s < 0) {
        break;
      }
      p = m.prob(j + 1, s);
      matched = j;
      if (j + 1 <= maxNext) {
        next[j + 1] = m.backoff(j + 1, s);
      }
    }
    for (int j = matched + 1; j <= contextLength; j++) {
      p += backoff[j];
    }
    float[] t = backoff;
    backoff = next;
    next = t;
    contextLength = Math.min(matched + 1, maxNext);
    if (history.length > 1) {
      System.arraycopy(history, 0, history, 1, history.length - 1);
    }
    history[0] = word;
    return p;
  }
}
