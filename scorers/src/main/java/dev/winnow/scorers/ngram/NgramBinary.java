package dev.winnow.scorers.ngram;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Winnow's binary n-gram model ({@code .wngram}): the vocabulary, then each order's probing table exactly
 * as it lies in memory, so loading is a bulk copy instead of parsing text. Little-endian longs.
 *
 * <pre>
 * "WNGRAM01" | order:int | vocab:int | vocab x (len:int, UTF-8 bytes) | per order: capacity:int, size:int,
 * 2*capacity longs
 * </pre>
 */
public final class NgramBinary {
  private static final byte[] MAGIC = "WNGRAM01".getBytes(StandardCharsets.US_ASCII);

  private NgramBinary() {
  }

  public static void write(NgramModel m, OutputStream raw) throws IOException {
    DataOutputStream out = new DataOutputStream(raw);
    out.write(MAGIC);
    out.writeInt(m.order);
    out.writeInt(m.words.length);
    for (String w : m.words) {
      byte[] b = w.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }
    for (int n = 1; n <= m.order; n++) {
      long[] t = m.table(n);
      out.writeInt(t.length / 2);
      out.writeInt((int) m.ngrams(n));
      BulkArrays.write(out, t, t.length);
    }
    out.flush();
  }

  public static NgramModel read(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    byte[] magic = new byte[MAGIC.length];
    in.readFully(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a Winnow binary n-gram model (bad magic)");
    }
    int order = in.readInt();
    String[] words = new String[in.readInt()];
    for (int i = 0; i < words.length; i++) {
      byte[] b = new byte[in.readInt()];
      in.readFully(b);
      words[i] = new String(b, StandardCharsets.UTF_8);
    }
    long[][] tables = new long[order][];
    int[] sizes = new int[order];
    ReadableByteChannel ch = Channels.newChannel(in);
    for (int n = 0; n < order; n++) {
      int cap = in.readInt();
      sizes[n] = in.readInt();
      ByteBuffer bytes = ByteBuffer.allocate(cap * 16).order(ByteOrder.LITTLE_ENDIAN);
      while (bytes.hasRemaining()) {
        if (ch.read(bytes) < 0) {
          throw new IOException("truncated model file");
        }
      }
      bytes.flip();
      tables[n] = new long[2 * cap];
      bytes.asLongBuffer().get(tables[n]);
    }
    return new NgramModel(order, words, tables, sizes);
  }
}
