package dev.winnow.jobs.io;

/**
 * The UTF-8 bytes of a JSON string value, unescaped straight from the record's own bytes, for the output's
 * text column. The result equals {@code String.getBytes(UTF_8)} of the string Jackson decodes from the same
 * bytes, unpaired surrogates (which only an escape can spell in valid UTF-8) included: both give '?'. Encoding
 * the decoded string again cost more: most of C4's texts hold a character above U+00FF (a curly quote will
 * do), and the JDK encodes those strings a char at a time, where this copies the runs between escapes.
 */
final class JsonText {
  private JsonText() {
  }

  /**
   * Unescapes the string whose opening quote is at {@code b[quote]} into {@code out} (at least as long as the
   * string's raw bytes), returning the length written, or -1 when {@code b[quote]} is not a quote. The value
   * must be one a JSON parser has accepted: it ends with an unescaped quote and holds only JSON's escapes.
   */
  static int unescape(byte[] b, int quote, byte[] out) {
    if (b[quote] != '"') {
      return -1;
    }
    int i = quote + 1;
    int o = 0;
    while (true) {
      int j = special(b, i);
      byte c = b[j];
      System.arraycopy(b, i, out, o, j - i);
      o += j - i;
      if (c == '"') {
        return o;
      }
      byte e = b[j + 1];
      i = j + 2;
      switch (e) {
        case 'n' -> out[o++] = '\n';
        case 't' -> out[o++] = '\t';
        case 'r' -> out[o++] = '\r';
        case 'b' -> out[o++] = '\b';
        case 'f' -> out[o++] = '\f';
        case 'u' -> {
          int u = hex4(b, i);
          i += 4;
          if (Character.isHighSurrogate((char) u) && b[i] == '\\' && b[i + 1] == 'u'
              && Character.isLowSurrogate((char) hex4(b, i + 2))) {
            o = put(out, o, Character.toCodePoint((char) u, (char) hex4(b, i + 2)));
            i += 6;
          } else {
            o = Character.isSurrogate((char) u) ? put(out, o, '?') : put(out, o, u);
          }
        }
        default -> out[o++] = e; // '"', '\\', '/'
      }
    }
  }

  /**
   * The index of the first quote or backslash from {@code i} on, eight bytes at a time while they lie inside
   * the array (a byte at a time was a quarter of reading an ASCII record), through {@link Utf8#bytesEqualTo}.
   */
  private static int special(byte[] b, int i) {
    for (; i + 8 <= b.length; i += 8) {
      long w = (long) Utf8.LONGS.get(b, i);
      long z = Utf8.bytesEqualTo(w, '"') | Utf8.bytesEqualTo(w, '\\');
      if (z != 0) {
        return i + (Long.numberOfTrailingZeros(z) >>> 3);
      }
    }
    while (b[i] != '"' && b[i] != '\\') {
      i++;
    }
    return i;
  }

  private static int hex4(byte[] b, int i) {
    return Character.digit(b[i], 16) << 12 | Character.digit(b[i + 1], 16) << 8 | Character.digit(b[i + 2], 16) << 4
        | Character.digit(b[i + 3], 16);
  }

  private static int put(byte[] out, int o, int cp) {
    if (cp < 0x80) {
      out[o++] = (byte) cp;
    } else if (cp < 0x800) {
      out[o++] = (byte) (0xC0 | cp >> 6);
      out[o++] = (byte) (0x80 | cp & 0x3F);
    } else if (cp < 0x10000) {
      out[o++] = (byte) (0xE0 | cp >> 12);
      out[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
      out[o++] = (byte) (0x80 | cp & 0x3F);
    } else {
      out[o++] = (byte) (0xF0 | cp >> 18);
      out[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
      out[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
      out[o++] = (byte) (0x80 | cp & 0x3F);
    }
    return o;
  }
}
