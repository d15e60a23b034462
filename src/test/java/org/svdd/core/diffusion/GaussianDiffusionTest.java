package org.svdd.core.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/** Known answers for the Gaussian process: the DDPM posterior, DDIM's determinism, x̂_0, a linear-Gaussian toy. */
class GaussianDiffusionTest {

  private static RandomStream stream(long... at) {
    return RandomStream.of(11, Purpose.CHILD, at);
  }

  /** Runs all steps from x_T with a noise predictor that sees the state. */
  private static FloatState sample(GaussianDiffusion process, FloatState start, int steps,
      Function<FloatState, float[]> predictor, long trajectory) {
    FloatState x = start;
    for (int step = 0; step < steps; step++) {
      x = (FloatState) process.reverseStep(x, predictor.apply(x), step, steps, stream(trajectory, step));
    }
    return x;
  }

  @ParameterizedTest
  @EnumSource(NoiseSchedule.class)
  void cleanEstimate_ofANoisedStateWithItsTrueNoise_recoversTheCleanState(NoiseSchedule schedule) {
    GaussianDiffusion process = new GaussianDiffusion(64, schedule, 1, -1, 1);
    RandomStream r = stream(1);
    float[] clean = new float[64];
    for (int i = 0; i < clean.length; i++) {
      clean[i] = (float) (2 * r.nextDouble() - 1);
    }
    for (double t : new double[] {0.05, 0.5, 0.9}) {
      GaussianDiffusion.Noised noised = process.noise(new FloatState(clean, 0), t, stream(2, (long) (t * 100)));
      FloatState estimate = (FloatState) process.cleanEstimate(noised.noisy(), noised.noise());
      assertTrue(estimate.clean());
      for (int i = 0; i < clean.length; i++) {
        assertEquals(clean[i], estimate.at(i), 2e-3, "t = " + t + ", value " + i);
      }
    }
  }

  /** With the true x_0 behind ε̂, an η = 1 step is a draw from DDPM's posterior q(x_s | x_t, x_0) (Ho et al. 2020, eq. 7). */
  @Test
  void etaOneStep_withTheTrueNoise_drawsFromTheDdpmPosterior() {
    NoiseSchedule schedule = NoiseSchedule.COSINE;
    GaussianDiffusion process = new GaussianDiffusion(1, schedule, 1, -1, 1);
    int steps = 10;
    int step = 4;
    double t = process.time(step, steps);
    double s = process.time(step + 1, steps);
    float[] x0 = {0.35f};
    float[] eps = {-0.8f};
    FloatState xt = process.noiseWith(new FloatState(x0, 0), t, eps);
    double at = schedule.alphaBar(t);
    double as = schedule.alphaBar(s);
    double alphaTs = at / as;
    double betaTs = 1 - alphaTs;
    double wantMean = Math.sqrt(as) * betaTs / (1 - at) * x0[0] + Math.sqrt(alphaTs) * (1 - as) / (1 - at) * xt.at(0);
    double wantVariance = (1 - as) / (1 - at) * betaTs;
    int n = 40_000;
    double sum = 0;
    double sumSq = 0;
    for (int k = 0; k < n; k++) {
      double v = ((FloatState) process.reverseStep(xt, eps, step, steps, stream(7, k))).at(0);
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / n;
    double variance = sumSq / n - mean * mean;
    assertEquals(wantMean, mean, 4 * Math.sqrt(wantVariance / n), "posterior mean");
    assertEquals(wantVariance, variance, 0.03 * wantVariance, "posterior variance");
  }

  @Test
  void etaZero_isDeterministicGivenTheStart_etaOneIsNot() {
    Function<FloatState, float[]> predictor = x -> {
      float[] eps = new float[x.length()];
      for (int i = 0; i < eps.length; i++) {
        eps[i] = (float) Math.sin(3 * x.at(i) + x.time());
      }
      return eps;
    };
    GaussianDiffusion ddim = new GaussianDiffusion(16, NoiseSchedule.COSINE, 0, -1, 1);
    FloatState start = (FloatState) ddim.prior(stream(99));
    FloatState a = sample(ddim, start, 20, predictor, 1);
    FloatState b = sample(ddim, start, 20, predictor, 2);
    assertArrayEquals(a.values(), b.values(), "eta = 0: the same x_T gives the same x_0 whatever the random streams");
    assertTrue(a.clean());
    GaussianDiffusion ddpm = new GaussianDiffusion(16, NoiseSchedule.COSINE, 1, -1, 1);
    assertNotEquals(sample(ddpm, start, 20, predictor, 1), sample(ddpm, start, 20, predictor, 2));
    assertEquals(sample(ddpm, start, 20, predictor, 1), sample(ddpm, start, 20, predictor, 1), "keyed streams replay");
  }

  /**
   * Data N(μ, τ²) in each coordinate has the exact noise predictor E[ε | x_t] = √(1−ᾱ)(x_t − √ᾱ μ)/(ᾱτ² + 1 − ᾱ);
   * with it, DDPM sampling returns N(μ, τ²).
   */
  @ParameterizedTest
  @EnumSource(NoiseSchedule.class)
  void linearGaussianToy_exactPredictor_samplesTheDataDistribution(NoiseSchedule schedule) {
    double mu = 0.3;
    double tau = 0.2;
    GaussianDiffusion process = new GaussianDiffusion(1, schedule, 1, -1, 1);
    Function<FloatState, float[]> exact = x -> {
      double a = schedule.alphaBar(x.time());
      return new float[] {(float) (Math.sqrt(1 - a) * (x.at(0) - Math.sqrt(a) * mu) / (a * tau * tau + 1 - a))};
    };
    int n = 4000;
    double sum = 0;
    double sumSq = 0;
    for (int k = 0; k < n; k++) {
      FloatState x0 = sample(process, (FloatState) process.prior(stream(5, k)), 200, exact, k);
      sum += x0.at(0);
      sumSq += x0.at(0) * x0.at(0);
    }
    double mean = sum / n;
    double sd = Math.sqrt(sumSq / n - mean * mean);
    assertEquals(mu, mean, 0.02, "mean");
    assertEquals(tau, sd, 0.1 * tau, "standard deviation");
  }

  @Test
  void schedules_startAtOne_fall_andStayPositive() {
    for (NoiseSchedule schedule : NoiseSchedule.values()) {
      assertEquals(1, schedule.alphaBar(0));
      double previous = 1;
      for (int i = 1; i <= 100; i++) {
        double a = schedule.alphaBar(i / 100.0);
        assertTrue(a <= previous && a >= NoiseSchedule.MIN_ALPHA_BAR, schedule + " at " + i);
        previous = a;
      }
      assertTrue(schedule.alphaBar(1) < 1e-4, schedule.toString());
      assertThrows(IllegalArgumentException.class, () -> schedule.alphaBar(1.5));
    }
  }

  @Test
  void badInput_isRefusedNamingTheProblem() {
    GaussianDiffusion process = new GaussianDiffusion(4, NoiseSchedule.COSINE, 1, -1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> process.cleanEstimate(new TokenState(new int[] {0, 1, 2, 3}), new float[4]));
    assertTrue(e.getMessage().contains("float states"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> process.reverseStep(new FloatState(new float[4], 1), new float[3], 0, 4, stream(1)));
    assertTrue(e.getMessage().contains("3 values"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GaussianDiffusion(4, NoiseSchedule.COSINE, 1.5, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new FloatState(new float[1], -0.1));
    assertFalse(process.isClean(process.prior(stream(1))));
  }

  @Test
  void nextGaussian_hasMeanZeroAndUnitVariance() {
    RandomStream r = stream(3);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double g = r.nextGaussian();
      sum += g;
      sumSq += g * g;
    }
    assertEquals(0, sum / n, 0.01);
    assertEquals(1, sumSq / n, 0.01);
  }
}
