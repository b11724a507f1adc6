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
    write(out, length, 4, (b, i, k) -> b.asIntBuffer().put(a, i, k));
  }

  static void write(DataOutput out, long[] a, int length) throws IOException {
    write(out, length, 8, (b, i, k) -> b.asLongBuffer().put(a, i, k));
  }

  static void read(DataInput in, int[] a, int length) throws IOException {
    read(in, length, 4, (b, i, k) -> b.asIntBuffer().get(a, i, k));
  }

  static void read(DataInput in, long[] a, int length) throws IOException {
    read(in, length, 8, (b, i, k) -> b.asLongBuffer().get(a, i, k));
  }

  /** Copies elements {@code [i, i + k)} of an array into the buffer's view, or out of it. */
  private interface Chunk {
    void copy(ByteBuffer b, int i, int k);
  }

  private static void write(DataOutput out, int length, int width, Chunk chunk) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i += CHUNK / width) {
      int k = Math.min(length - i, CHUNK / width);
      b.clear();
      chunk.copy(b, i, k);
      out.write(b.array(), 0, k * width);
    }
  }

  private static void read(DataInput in, int length, int width, Chunk chunk) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i += CHUNK / width) {
      int k = Math.min(length - i, CHUNK / width);
      in.readFully(b.array(), 0, k * width);
      b.clear();
      chunk.copy(b, i, k);
    }
  }
}
