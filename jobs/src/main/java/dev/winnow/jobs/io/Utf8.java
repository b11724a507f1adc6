package dev.winnow.jobs.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), as the
 * JDK's decoder judges it, without building the string: valid records are then parsed from their bytes.
 */
final class Utf8 {
  /** Eight bytes at a time, for the ASCII runs that are most of any text (a byte at a time was 4x slower). */
  static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = ONES << 7;

  private Utf8() {
  }

  /**
   * High bits marking the bytes of {@code word} (eight bytes read through {@link #LONGS}) that equal {@code c},
   * by the classic zero-byte trick on {@code word ^ c...}. Only the lowest mark is sure (a byte above a match
   * may be marked too), and it is the one a scan for the first match reads ({@code numberOfTrailingZeros >>> 3}
   * is its index), in one such word or in an OR of several.
   */
  static long bytesEqualTo(long word, char c) {
    long x = word ^ (ONES * c);
    return (x - ONES) & ~x & HIGH_BITS;
  }

  static boolean isValid(byte[] b, int length) {
    int i = 0;
    while (i < length) {
      if (i + 8 <= length && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
        i += 8;
        continue;
      }
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      int need;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + need >= length) {
        return false;
      }
      int cp = c & (0x3F >> need);
      for (int k = 1; k <= need; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += need + 1;
    }
    return true;
  }
}
