package dev.winnow.scorers.ngram;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The distinct n-grams of one order with a count each: their word ids in one flat int array (oldest word
 * first, {@code n} ints per entry), counts in a parallel long array, and an open-addressing index of entry
 * numbers hashed as {@link NgramModel} hashes its keys. Entries keep their number for life, so callers
 * keep per-entry figures in arrays of their own. No object per n-gram, which is what makes counting and
 * estimating millions of them fast; Java's maps of boxed keys were 30x slower here.
 */
public final class NgramTable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int n;
  private int size;
  /**
   * Shipped by {@link #writeObject}, not as Java serialization's arrays: in word order as {@link SortedWire},
   * else in bulk ({@link BulkArrays}).
   */
  private transient int[] grams;
  private transient long[] counts;
  /**
   * Per slot, the high 32 bits of the n-gram's hash above its entry number + 1 (0: empty), so that probing
   * past other n-grams and rebuilding the index never read their words: those reads were the cache misses
   * that dominated counting. Rebuilt after deserialization rather than shipped.
   */
  private transient long[] slots;
  private transient int mask;
  /**
   * True while the entries lie in word order, the oldest word most significant (tables made by {@link #ofSorted}
   * or {@link #mergeSorted}); adding an entry ends it.
   */
  private boolean inWordOrder;

  public NgramTable(int n, int expected) {
    this.n = n;
    int cap = Math.max(16, expected);
    grams = new int[cap * n];
    counts = new long[cap];
    index(cap);
  }

  private NgramTable(int n, int[] grams, long[] counts, int size) {
    this.n = n;
    this.grams = grams;
    this.counts = counts;
    this.size = size;
    this.inWordOrder = true;
    // indexed on first lookup: counting, merging and estimating never look an n-gram up
  }

  /**
   * The table of {@code size} distinct n-grams given in word order (oldest word most significant): their words
   * at {@code grams[e * n, e * n + n)} and their counts. The arrays become the table's and may be longer than
   * {@code size} entries.
   */
  static NgramTable ofSorted(int n, int[] grams, long[] counts, int size) {
    return new NgramTable(n, grams, counts, size);
  }

  /**
   * The n-grams of two tables in word order, merged in one sequential pass: equal n-grams' counts add up.
   * Merging shards this way replaced a hash probe per n-gram (two dependent cache misses each) on the driver.
   */
  static NgramTable mergeSorted(NgramTable a, NgramTable b) {
    if (!a.inWordOrder || !b.inWordOrder || a.n != b.n) {
      throw new IllegalArgumentException("Cannot merge n-gram tables: both must be in word order, of one order");
    }
    int n = a.n;
    int cap = Math.max(16, a.size + b.size);
    int[] g = new int[cap * n];
    long[] c = new long[cap];
    int[] ag = a.grams;
    int[] bg = b.grams;
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.size && j < b.size) {
      int cmp = 0;
      for (int w = 0; w < n && cmp == 0; w++) {
        cmp = Integer.compare(ag[i * n + w], bg[j * n + w]);
      }
      if (cmp <= 0) {
        System.arraycopy(ag, i * n, g, k * n, n);
        c[k] = a.counts[i++];
        if (cmp == 0) {
          c[k] += b.counts[j++];
        }
      } else {
        System.arraycopy(bg, j * n, g, k * n, n);
        c[k] = b.counts[j++];
      }
      k++;
    }
    System.arraycopy(ag, i * n, g, k * n, (a.size - i) * n);
    System.arraycopy(a.counts, i, c, k, a.size - i);
    k += a.size - i;
    System.arraycopy(bg, j * n, g, k * n, (b.size - j) * n);
    System.arraycopy(b.counts, j, c, k, b.size - j);
    k += b.size - j;
    return new NgramTable(n, g, c, k);
  }

  public int order() {
    return n;
  }

  public int size() {
    return size;
  }

  public long count(int entry) {
    return counts[entry];
  }

  public void setCount(int entry, long count) {
    counts[entry] = count;
  }

  /** The {@code i}-th word (oldest first) of an entry. */
  public int id(int entry, int i) {
    return grams[entry * n + i];
  }

  /** The hash of {@code ids[from .. from + n)}, newest word first as {@link NgramModel#key}. */
  public long hash(int[] ids, int from) {
    long h = NgramModel.SEED;
    for (int i = from + n - 1; i >= from; i--) {
      h = NgramModel.combine(h, ids[i]);
    }
    return h;
  }

  /** The hash of an entry's words. */
  long hashOf(int entry) {
    return hash(grams, entry * n);
  }

  /** The entry holding {@code ids[from .. from + n)}, or -1. */
  public int find(int[] ids, int from) {
    return find(ids, from, hash(ids, from));
  }

  /** As {@link #find(int[], int)} with the n-gram's hash already computed. */
  public int find(int[] ids, int from, long hash) {
    int slot = probe(ids, from, hash); // indexes first if need be: read slots after it
    long v = slots[slot];
    return v == 0 ? -1 : (int) v - 1;
  }

  /** The slot holding the n-gram, or the empty slot where it would go. */
  private int probe(int[] ids, int from, long hash) {
    indexed();
    long tag = hash & 0xFFFFFFFF00000000L;
    int i = (int) (hash >>> 32) & mask;
    long v;
    while ((v = slots[i]) != 0 && ((v & 0xFFFFFFFF00000000L) != tag || !same((int) v - 1, ids, from))) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Adds {@code count} to the n-gram {@code ids[from .. from + n)} whose hash is given; returns its entry. */
  public int add(int[] ids, int from, long hash, long count) {
    int i = probe(ids, from, hash); // indexes first if need be: read slots after it
    if (slots[i] != 0) {
      counts[(int) slots[i] - 1] += count;
      return (int) slots[i] - 1;
    }
    int entry = size++;
    inWordOrder = false;
    if (entry == counts.length) {
      int cap = counts.length + (counts.length >> 1);
      counts = Arrays.copyOf(counts, cap);
      grams = Arrays.copyOf(grams, cap * n);
    }
    System.arraycopy(ids, from, grams, entry * n, n);
    counts[entry] = count;
    slots[i] = (hash & 0xFFFFFFFF00000000L) | (entry + 1);
    if (size * 2L > slots.length) {
      index(slots.length);
    }
    return entry;
  }

  private void indexed() {
    if (slots == null) {
      index(size);
    }
  }

  private boolean same(int entry, int[] ids, int from) {
    int base = entry * n;
    for (int i = 0; i < n; i++) {
      if (grams[base + i] != ids[from + i]) {
        return false;
      }
    }
    return true;
  }

  /** (Re)builds the index with at least twice {@code entries} slots, a power of two. */
  private void index(int entries) {
    int cap = Integer.highestOneBit(Math.max(16, entries) * 2 - 1) << 1;
    long[] old = slots;
    slots = new long[cap];
    mask = cap - 1;
    if (old != null) {
      for (long v : old) {
        if (v != 0) {
          place(v);
        }
      }
    } else {
      for (int e = 0; e < size; e++) {
        place((hashOf(e) & 0xFFFFFFFF00000000L) | (e + 1));
      }
    }
  }

  private void place(long v) {
    int i = (int) (v >>> 32) & mask;
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = v;
  }

  /** Entry numbers ordered by their words, oldest first: an LSD radix sort, one stable counting pass per word. */
  public int[] sorted(int vocabularySize) {
    int[] order = new int[size];
    for (int e = 0; e < size; e++) {
      order[e] = e;
    }
    if (inWordOrder) {
      return order;
    }
    int[] next = new int[size];
    int[] start = new int[vocabularySize + 1];
    for (int i = n - 1; i >= 0; i--) {
      // LSD: the least significant word first, the most significant one last
      Arrays.fill(start, 0);
      for (int e = 0; e < size; e++) {
        start[grams[e * n + i] + 1]++;
      }
      for (int w = 0; w < vocabularySize; w++) {
        start[w + 1] += start[w];
      }
      for (int e : order) {
        next[start[grams[e * n + i]]++] = e;
      }
      int[] t = order;
      order = next;
      next = t;
    }
    return order;
  }

  /**
   * The entries ordered by their words compared newest first (so that n-grams sharing their last words, and so
   * their suffixes, lie together), as records of {@code n + 1} ints: the words, newest first, then the entry
   * number. An LSD radix sort that moves whole records, on digits of at most 11 bits, so that every pass
   * streams through memory: sorting entry numbers, each pass reading an entry's words at random, missed the
   * cache once per n-gram per pass, and that was a third of the estimation's time.
   */
  public int[] newestFirstRecords(int vocabularySize) {
    int stride = n + 1;
    int[] a = new int[size * stride];
    for (int e = 0; e < size; e++) {
      for (int i = 0; i < n; i++) {
        a[e * stride + i] = grams[e * n + n - 1 - i];
      }
      a[e * stride + n] = e;
    }
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, vocabularySize - 1));
    int digits = (bits + 10) / 11;
    int digitBits = (bits + digits - 1) / digits;
    int mask = (1 << digitBits) - 1;
    int[] b = new int[a.length];
    int[] start = new int[mask + 2];
    // in word order the entries are sorted by their oldest word already, which is all the passes on it
    // (the least significant word here) would do: they are skipped
    for (int i = inWordOrder ? n - 2 : n - 1; i >= 0; i--) {
      for (int d = 0; d < digits; d++) {
        int shift = d * digitBits;
        Arrays.fill(start, 0);
        for (int k = i; k < a.length; k += stride) {
          start[(a[k] >>> shift & mask) + 1]++;
        }
        if (size == 0 || start[(a[i] >>> shift & mask) + 1] == size) {
          continue; // one digit everywhere: the pass would not move a record
        }
        for (int v = 0; v <= mask; v++) {
          start[v + 1] += start[v];
        }
        for (int k = 0; k < a.length; k += stride) {
          int to = start[a[k + i] >>> shift & mask]++ * stride;
          for (int j = 0; j < stride; j++) {
            b[to + j] = a[k + j];
          }
        }
        int[] t = a;
        a = b;
        b = t;
      }
    }
    return a;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int cap = Math.max(16, size);
    grams = new int[cap * n];
    counts = new long[cap];
    if (inWordOrder) {
      SortedWire.read(in, n, grams, counts, size);
    } else {
      BulkArrays.read(in, grams, size * n);
      BulkArrays.read(in, counts, size);
    }
    // indexed on first use: merging and estimating never look an n-gram up
  }

  /**
   * Only the filled part of the arrays travels: prefix-shared varints for a table in word order (a shard's
   * counts on their way to the driver), else the arrays copied to bytes in bulk (through
   * {@code writeInts}/{@code readInts}, an element at a time, shipping was a third of the merge).
   */
  private void writeObject(java.io.ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    if (inWordOrder) {
      SortedWire.write(out, n, grams, counts, size);
    } else {
      BulkArrays.write(out, grams, size * n);
      BulkArrays.write(out, counts, size);
    }
  }
}
