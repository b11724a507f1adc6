package dev.winnow.scorers.ngram;

/**
 * Scores sentences with KenLM's backoff semantics: each word (then {@code </s>}) after {@code <s>} gets
 * the probability of the longest n-gram of the model ending in it, plus the backoffs of the longer
 * contexts that exist; a word outside the vocabulary is {@code <unk>}. Like KenLM's {@code query}, a line's
 * log10 probabilities are summed in single precision. Not thread-safe: one per task.
 */
public final class NgramQuery {
  private final NgramModel m;
  private final int[] history;
  private int length;

  /** What a line scored: its total log10 probability, tokens ({@code </s>} included) and unknown words. */
  public record LineScore(float log10Prob, int tokens, int oov) {
  }

  public NgramQuery(NgramModel model) {
    this.m = model;
    this.history = new int[Math.max(1, model.order - 1)];
  }

  /** One line, already split into words. */
  public LineScore line(String[] words, int count) {
    length = 0;
    push(m.bos);
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

  /** log10 p(word | history), then the word joins the history. */
  float score(int word) {
    int maxContext = Math.min(m.order - 1, length);
    long h = NgramModel.combine(NgramModel.SEED, word);
    int slot = m.find(1, h);
    float p = m.prob(1, slot);
    int matched = 0;
    for (int j = 1; j <= maxContext; j++) {
      h = NgramModel.combine(h, history[j - 1]);
      int s = m.find(j + 1, h);
      if (s < 0) {
        break;
      }
      p = m.prob(j + 1, s);
      matched = j;
    }
    long c = NgramModel.SEED;
    for (int j = 1; j <= maxContext; j++) {
      c = NgramModel.combine(c, history[j - 1]);
      if (j <= matched) {
        continue;
      }
      int s = m.find(j, c);
      if (s < 0) {
        break;
      }
      p += m.backoff(j, s);
    }
    push(word);
    return p;
  }

  private void push(int word) {
    if (history.length == 0) {
      return;
    }
    System.arraycopy(history, 0, history, 1, history.length - 1);
    history[0] = word;
    length = Math.min(length + 1, history.length);
  }
}
