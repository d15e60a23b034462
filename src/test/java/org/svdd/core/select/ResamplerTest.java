package org.svdd.core.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

class ResamplerTest {

  @ParameterizedTest
  @EnumSource(Resampler.class)
  void ancestors_manyDraws_matchWeights(Resampler resampler) {
    double[] weights = {0.1, 0.0, 0.6, 0.3};
    int[] counts = new int[weights.length];
    int rounds = 2000;
    int n = 10;
    for (int r = 0; r < rounds; r++) {
      for (int a : resampler.ancestors(weights, n, RandomStream.of(r, Purpose.RESAMPLE))) {
        counts[a]++;
      }
    }
    for (int i = 0; i < weights.length; i++) {
      assertEquals(weights[i], counts[i] / (double) (rounds * n), 0.01, "ancestor " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Resampler.class)
  void ancestors_degenerateWeights_copyTheOnlyParticle(Resampler resampler) {
    for (int a : resampler.ancestors(new double[] {0, 0, 1}, 5, RandomStream.of(3, Purpose.RESAMPLE))) {
      assertEquals(2, a);
    }
  }

  @org.junit.jupiter.api.Test
  void systematic_evenWeights_keepsEveryParticleOnce() {
    int[] a = Resampler.SYSTEMATIC.ancestors(new double[] {0.25, 0.25, 0.25, 0.25}, 4, RandomStream.of(9, Purpose.RESAMPLE));
    assertEquals(java.util.List.of(0, 1, 2, 3), java.util.Arrays.stream(a).boxed().toList());
  }
}
