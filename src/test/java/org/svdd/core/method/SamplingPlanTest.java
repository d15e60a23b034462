package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplingPlanTest {

  /** The rows a job names for its denoiser shape are its N·M, and stay so once its oracle budget stops guidance. */
  @ParameterizedTest
  @CsvSource({"SVDD, 1, 4, 4", "SVDD, 64, 10, 640", "BEST_OF_N, 2, 8, 16", "PRETRAINED, 1, 1, 1", "SMC, 4096, 256, 1048576"})
  void denoiseRows_isNTimesM_andSurvivesUnguided(Method method, int n, int m, int rows) {
    SamplingPlan plan = SamplingPlan.of(method, n, m, 0.5, 8, 1);
    assertEquals(rows, plan.denoiseRows());
    assertEquals(rows, plan.unguided().denoiseRows());
  }
}
