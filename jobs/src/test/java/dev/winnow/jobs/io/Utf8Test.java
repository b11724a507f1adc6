package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The validator agrees with the JDK's strict decoder, on real text and on random bytes. */
class Utf8Test {
  private static boolean jdk(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void agreesWithTheJdkDecoder() {
    String text = "plain ascii, café, 漢字, emoji 😀, math 𝔸, end";
    byte[] good = text.getBytes(StandardCharsets.UTF_8);
    assertEquals(true, Utf8.isValid(good, good.length));
    byte[][] cases = {
        {(byte) 0xC0, (byte) 0x80}, // overlong NUL
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // encoded surrogate
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xE2, (byte) 0x82}, // cut sequence
        {(byte) 0x80}, // lone continuation
        {(byte) 0xC3, ' '}};
    for (byte[] c : cases) {
      assertEquals(jdk(c), Utf8.isValid(c, c.length));
    }
    Random r = new Random(7);
    for (int t = 0; t < 20_000; t++) {
      byte[] b = new byte[r.nextInt(8) + 1];
      r.nextBytes(b);
      assertEquals(jdk(b), Utf8.isValid(b, b.length), java.util.HexFormat.of().formatHex(b));
    }
  }

  /** Long mostly-ASCII records take the eight-bytes-at-a-time path; a bad byte anywhere in them still counts. */
  @Test
  void agreesOnMostlyAsciiRecordsAtEveryAlignment() {
    Random r = new Random(11);
    for (int t = 0; t < 20_000; t++) {
      int length = r.nextInt(64) + 1;
      byte[] b = new byte[length + r.nextInt(9)]; // bytes past the length must not count
      for (int i = 0; i < b.length; i++) {
        b[i] = r.nextInt(16) == 0 ? (byte) r.nextInt(256) : (byte) (32 + r.nextInt(95));
      }
      byte[] record = java.util.Arrays.copyOf(b, length);
      assertEquals(jdk(record), Utf8.isValid(b, length), java.util.HexFormat.of().formatHex(record));
    }
  }
}
