package dev.winnow.scorers.ngram;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The wire form of n-grams in word order with their counts, as shards ship them to the driver: per entry,
 * how many leading words it shares with the entry before it (one byte), its other words and its count as
 * LEB128 varints, in chunks of at most 64 KB, each after its length. Neighbours in word order share their
 * oldest words and most counts are small, so a shard's counts take about a third of the 4 bytes per word
 * and 8 per count of raw arrays; shipping 108 MB of raw arrays through Spark's task results took 2 s per
 * shard before the JIT had compiled the path.
 */
final class SortedWire {
  private static final int CHUNK = 1 << 16;

  private SortedWire() {
  }

  static void write(DataOutput out, int n, int[] grams, long[] counts, int size) throws IOException {
    byte[] buf = new byte[CHUNK];
    int most = 1 + 5 * n + 10;
    int at = 0;
    for (int e = 0; e < size; e++) {
      if (at + most > CHUNK) {
        out.writeInt(at);
        out.write(buf, 0, at);
        at = 0;
      }
      int base = e * n;
      int shared = 0;
      if (e > 0) {
        while (shared < n && grams[base + shared] == grams[base - n + shared]) {
          shared++;
        }
      }
      buf[at++] = (byte) shared;
      for (int i = shared; i < n; i++) {
        at = varint(buf, at, grams[base + i] & 0xFFFFFFFFL);
      }
      at = varint(buf, at, counts[e]);
    }
    if (at > 0) {
      out.writeInt(at);
      out.write(buf, 0, at);
    }
  }

  static void read(DataInput in, int n, int[] grams, long[] counts, int size) throws IOException {
    Chunk c = new Chunk();
    int e = 0;
    while (e < size) {
      int length = in.readInt();
      in.readFully(c.buf, 0, length);
      c.at = 0;
      while (c.at < length) {
        int base = e * n;
        int shared = c.buf[c.at++];
        if (shared > 0) {
          System.arraycopy(grams, base - n, grams, base, shared);
        }
        for (int i = shared; i < n; i++) {
          grams[base + i] = (int) c.varint();
        }
        counts[e++] = c.varint();
      }
    }
  }

  /** One chunk being read, and where. */
  private static final class Chunk {
    final byte[] buf = new byte[CHUNK];
    int at;

    long varint() {
      long v = 0;
      int shift = 0;
      byte b;
      do {
        b = buf[at++];
        v |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      return v;
    }
  }

  private static int varint(byte[] buf, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      buf[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[at++] = (byte) v;
    return at;
  }
}
