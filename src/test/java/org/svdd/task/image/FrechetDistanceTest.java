package org.svdd.task.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known answers: for independent coordinates the Fréchet distance is |Δμ|² + Σ (σ₁ − σ₂)², and a set
 * against itself is 0.
 */
class FrechetDistanceTest {

  /** Points ±σ around μ in each coordinate separately (sample covariance diagonal, exact). */
  private static float[][] cross(double[] mu, double[] sigma) {
    int d = mu.length;
    float[][] out = new float[2 * d][d];
    // 2d points: ±s·e_i; per coordinate, sample variance = 2 s² / (2d − 1)
    for (int i = 0; i < d; i++) {
      double s = sigma[i] * Math.sqrt((2.0 * d - 1) / 2.0);
      for (int j = 0; j < d; j++) {
        out[2 * i][j] = (float) mu[j];
        out[2 * i + 1][j] = (float) mu[j];
      }
      out[2 * i][i] += (float) s;
      out[2 * i + 1][i] -= (float) s;
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void independentCoordinates_matchTheClosedForm(long seed) {
    java.util.Random random = new java.util.Random(seed);
    int d = 2 + random.nextInt(5);
    double[] mu1 = new double[d];
    double[] mu2 = new double[d];
    double[] s1 = new double[d];
    double[] s2 = new double[d];
    double expected = 0;
    for (int i = 0; i < d; i++) {
      mu1[i] = random.nextGaussian();
      mu2[i] = random.nextGaussian();
      s1[i] = 0.1 + random.nextDouble();
      s2[i] = 0.1 + random.nextDouble();
      expected += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]) + (s1[i] - s2[i]) * (s1[i] - s2[i]);
    }
    assertEquals(expected, FrechetDistance.between(cross(mu1, s1), cross(mu2, s2)), 1e-4 * (1 + expected));
    assertEquals(0, FrechetDistance.between(cross(mu1, s1), cross(mu1, s1)), 1e-4);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void tooFewOrMismatchedVectors_areRefused(int which) {
    float[][] a = which == 0 ? new float[1][3] : new float[4][3];
    float[][] b = new float[4][which == 0 ? 3 : 2];
    assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(a, b));
  }
}
