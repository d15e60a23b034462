package org.svdd.core.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

class SoftValueSelectorTest {

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  /** Seeded random cases: 1..20 values spread over many magnitudes (edges included), alpha in [0.01, 1000]. */
  @ParameterizedTest
  @MethodSource("seeds")
  void weights_anyFiniteValues_sumToOne(long seed) {
    RandomStream random = RandomStream.of(seed, Purpose.SELECT);
    double[] values = new double[1 + random.nextInt(20)];
    for (int i = 0; i < values.length; i++) {
      double magnitude = Math.pow(10, random.nextInt(7));
      values[i] = switch ((int) (seed % 4)) {
        case 0 -> (random.nextDouble() - 0.5) * 2 * magnitude;
        case 1 -> i % 2 == 0 ? 1e6 : -1e6;
        case 2 -> 0;
        default -> random.nextDouble() * magnitude;
      };
    }
    double alpha = 0.01 * Math.pow(1e5, random.nextDouble());
    double sum = 0;
    for (double w : SoftValueSelector.weights(values, alpha)) {
      assertTrue(w >= 0);
      sum += w;
    }
    assertEquals(1.0, sum, 1e-9);
  }

  @Test
  void logSumExp_hugeValues_doesNotOverflow() {
    assertEquals(1000 + Math.log(2), SoftValueSelector.logSumExp(new double[] {1000, 1000}), 1e-12);
    assertEquals(-1000 + Math.log(2), SoftValueSelector.logSumExp(new double[] {-1000, -1000}), 1e-12);
  }

  @Test
  void weights_tinyAlpha_concentrateOnArgmax() {
    double[] w = SoftValueSelector.weights(new double[] {0.1, 0.5, 0.4}, 1e-4);
    assertEquals(1.0, w[1], 1e-12);
  }

  /** An alpha so small that value / alpha overflows (1e-320 is subnormal) still chooses greedily, not blindly. */
  @ParameterizedTest
  @ValueSource(doubles = {1e-300, 1e-310, 1e-320, Double.MIN_VALUE})
  void weights_alphaSoSmallThatValueOverAlphaOverflows_stillConcentrateOnArgmax(double alpha) {
    assertArrayEquals(new double[] {0, 1, 0, 0}, SoftValueSelector.weights(new double[] {3, 20.5, 20.25, -7}, alpha));
    assertArrayEquals(new double[] {0.5, 0, 0.5}, SoftValueSelector.weights(new double[] {20.5, 3, 20.5}, alpha));
    for (double u : new double[] {0.0, 0.5, 0.999}) {
      assertEquals(1, SoftValueSelector.select(new double[] {3, 20.5, 20.25, -7}, alpha, u));
    }
  }

  @Test
  void normalise_infiniteAndUndefinedLogWeights_takeTheirLimits() {
    double inf = Double.POSITIVE_INFINITY;
    assertArrayEquals(new double[] {0.5, 0, 0.5, 0}, SoftValueSelector.normalise(new double[] {inf, 4, inf, Double.NaN}));
    assertArrayEquals(new double[] {0, 1, 0}, SoftValueSelector.normalise(new double[] {-inf, 4, Double.NaN}));
    assertArrayEquals(new double[] {0.5, 0.5}, SoftValueSelector.normalise(new double[] {-inf, -inf}));
    assertArrayEquals(new double[] {0.5, 0.5}, SoftValueSelector.normalise(new double[] {Double.NaN, -inf}));
    assertEquals(1.0, SoftValueSelector.effectiveSampleSize(SoftValueSelector.normalise(new double[] {inf, 1e300, 0})));
  }

  @Test
  void select_alphaZero_takesFirstMaximumOnTies() {
    double[] values = {0.2, 0.9, 0.9, 0.1};
    for (double u : new double[] {0.0, 0.5, 0.999}) {
      assertEquals(1, SoftValueSelector.select(values, 0, u));
    }
  }

  @Test
  void select_equalValues_isUniform() {
    double[] values = {3, 3, 3, 3};
    int[] counts = new int[4];
    RandomStream random = RandomStream.of(1, Purpose.SELECT);
    for (int i = 0; i < 40_000; i++) {
      counts[SoftValueSelector.select(values, 0.7, random.nextDouble())]++;
    }
    for (int c : counts) {
      assertEquals(10_000, c, 400);
    }
  }

  @Test
  void select_softmax_matchesExpWeights() {
    double[] values = {0, Math.log(3)};
    int second = 0;
    RandomStream random = RandomStream.of(2, Purpose.SELECT);
    for (int i = 0; i < 40_000; i++) {
      second += SoftValueSelector.select(values, 1.0, random.nextDouble());
    }
    assertEquals(0.75, second / 40_000.0, 0.01);
  }

  @Test
  void weights_infiniteAlpha_areUniform() {
    assertArrayEquals(new double[] {0.5, 0.5}, SoftValueSelector.weights(new double[] {-5, 7}, Double.POSITIVE_INFINITY));
  }

  @Test
  void select_negativeAlpha_isRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SoftValueSelector.select(new double[] {1}, -1, 0.5));
    assertTrue(e.getMessage().contains("alpha"));
  }

  @Test
  void effectiveSampleSize_uniformIsN_degenerateIsOne() {
    assertEquals(4.0, SoftValueSelector.effectiveSampleSize(new double[] {0.25, 0.25, 0.25, 0.25}), 1e-12);
    assertEquals(1.0, SoftValueSelector.effectiveSampleSize(new double[] {0, 1, 0, 0}), 1e-12);
  }
}
