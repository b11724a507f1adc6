package dev.winnow.scorers.heuristics;

/**
 * An open-addressing map from 64-bit keys to a count and the position first seen, without boxing: the
 * n-gram rules look up a document's n-grams in nine passes, and boxed maps made them the slowest
 * rule set. Keys are already hashes; 0 marks an empty slot (a key of 0 is stored as 1, one more collision
 * among 2^64). Clearing touches only the slots used.
 */
final class LongCounts {
  private long[] keys;
  private int[] counts;
  private int[] first;
  private int[] usedSlots;
  private int size;
  private int shift;

  LongCounts(int expected) {
    allocate(Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
  }

  private void allocate(int cap) {
    keys = new long[cap];
    counts = new int[cap];
    first = new int[cap];
    usedSlots = new int[cap];
    size = 0;
    shift = 64 - Integer.numberOfTrailingZeros(cap);
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      keys[usedSlots[i]] = 0;
    }
    size = 0;
  }

  /** Adds one occurrence at {@code position}; returns the slot, for {@link #count} and {@link #first}. */
  int add(long key, int position) {
    long k = key == 0 ? 1 : key;
    int mask = keys.length - 1;
    int i = (int) ((k * 0x9E3779B97F4A7C15L) >>> shift);
    while (keys[i] != 0 && keys[i] != k) {
      i = (i + 1) & mask;
    }
    if (keys[i] == 0) {
      if ((size + 1) * 2 > keys.length) {
        grow();
        return add(key, position);
      }
      keys[i] = k;
      counts[i] = 0;
      first[i] = position;
      usedSlots[size++] = i;
    }
    counts[i]++;
    return i;
  }

  /** Set use: inserts the key; returns false if it was already there. Counts are not kept. */
  boolean insert(long key) {
    long k = key == 0 ? 1 : key;
    int mask = keys.length - 1;
    int i = (int) ((k * 0x9E3779B97F4A7C15L) >>> shift);
    while (keys[i] != 0) {
      if (keys[i] == k) {
        return false;
      }
      i = (i + 1) & mask;
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
      return insert(key);
    }
    keys[i] = k;
    usedSlots[size++] = i;
    return true;
  }

  int count(int slot) {
    return counts[slot];
  }

  int first(int slot) {
    return first[slot];
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    int[] oldFirst = first;
    int[] oldUsed = usedSlots;
    int oldSize = size;
    allocate(oldKeys.length * 2);
    int mask = keys.length - 1;
    for (int u = 0; u < oldSize; u++) {
      int s = oldUsed[u];
      long k = oldKeys[s];
      int i = (int) ((k * 0x9E3779B97F4A7C15L) >>> shift);
      while (keys[i] != 0) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      counts[i] = oldCounts[s];
      first[i] = oldFirst[s];
      usedSlots[size++] = i;
    }
  }
}
