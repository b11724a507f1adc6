package dev.winnow.scorers.ngram;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Primitive arrays to and from a stream as little-endian bytes, copied a chunk at a time through a
 * {@link ByteBuffer} view: the streams' own {@code writeLong}/{@code readInt} (and Java serialization's array
 * writer) go an element at a time, which made writing and shipping millions of n-grams slow.
 */
final class BulkArrays {
  private static final int CHUNK = 1 << 16;

  private BulkArrays() {
  }

  static void write(DataOutput out, int[] a, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i += CHUNK / 4) {
      int k = Math.min(length - i, CHUNK / 4);
      b.clear();
      b.asIntBuffer().put(a, i, k);
      out.write(b.array(), 0, k * 4);
    }
  }

  static void write(DataOutput out, long[] a, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i += CHUNK / 8) {
      int k = Math.min(length - i, CHUNK / 8);
      b.clear();
      b.asLongBuffer().put(a, i, k);
      out.write(b.array(), 0, k * 8);
    }
  }

  static void read(DataInput in, int[] a, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i += CHUNK / 4) {
      int k = Math.min(length - i, CHUNK / 4);
      in.readFully(b.array(), 0, k * 4);
      b.clear();
      b.asIntBuffer().get(a, i, k);
    }
  }

  static void read(DataInput in, long[] a, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i += CHUNK / 8) {
      int k = Math.min(length - i, CHUNK / 8);
      in.readFully(b.array(), 0, k * 8);
      b.clear();
      b.asLongBuffer().get(a, i, k);
    }
  }
}
