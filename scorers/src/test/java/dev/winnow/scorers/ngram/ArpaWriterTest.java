package dev.winnow.scorers.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ARPA numbers read back as the very floats that were written, in the notation KenLM reads. */
public class ArpaWriterTest {
  @Test
  void handPickedValues() {
    assertEquals("0", ArpaWriter.decimal(0f));
    assertEquals("-4.80111027", ArpaWriter.decimal(-4.8011103f)); // the float is -4.80111026763916...
    assertEquals("-1", ArpaWriter.decimal(-1f));
    assertEquals("-0.010764082", ArpaWriter.decimal(-0.010764082f));
    assertEquals("-12.5", ArpaWriter.decimal(-12.5f));
    assertEquals("0.000123449994", ArpaWriter.decimal(1.2345e-4f));
    assertEquals("-99", ArpaWriter.decimal(-99f));
  }

  /** The independent reference: the float's exact value rounded half-up to 9 significant digits. */
  private static String nineDigits(float v) {
    return new BigDecimal(v).round(new MathContext(9, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
  }

  @Test
  void everyFloatReadsBackExactly() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 2_000_000; i++) {
      // log10 probabilities and backoffs: magnitudes from 1e-12 to 1e2, both signs
      float v = (float) ((r.nextBoolean() ? -1 : 1) * Math.pow(10, r.nextDouble(-12, 2)));
      String s = ArpaWriter.decimal(v);
      assertEquals(v, Float.parseFloat(s), s);
      assertEquals(nineDigits(v), s);
    }
  }
}
