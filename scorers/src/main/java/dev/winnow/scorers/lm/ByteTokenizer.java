package dev.winnow.scorers.lm;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level tokens: each UTF-8 byte of the text is a token (0..255) and 256 starts a sequence. No
 * vocabulary to ship, any language and script, and bits per byte fall straight out of the loss.
 */
public final class ByteTokenizer implements LmTokenizer {
  public static final String NAME = "bytes";
  public static final int BOS = 256;
  public static final int VOCAB = 257;
  public static final ByteTokenizer INSTANCE = new ByteTokenizer();

  private ByteTokenizer() {
  }

  @Override
  public int[] ids(String text) {
    return encode(text);
  }

  @Override
  public int bos() {
    return BOS;
  }

  @Override
  public int vocab() {
    return VOCAB;
  }

  @Override
  public String name() {
    return NAME;
  }

  public static int[] encode(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      ids[i] = b[i] & 0xFF;
    }
    return ids;
  }
}
