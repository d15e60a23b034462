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

  /**
   * What each method is, in the plan's terms, at N = 3 and M = 4: trajectories drawn, children a particle draws at a
   * guided step, whether children are valued at intermediate steps, and whether the population meets after each.
   */
  @ParameterizedTest
  @CsvSource({
      "PRETRAINED, 0, 3, 1, false, false",
      "BEST_OF_N,  0, 12, 1, false, false",
      "TREE,       0, 12, 1, false, false",
      "SVDD,       0, 3, 4, true, false",
      "SVDD_R,     0, 3, 4, true, true",
      "BEAM,       0, 3, 4, true, true",
      "SMC,        1, 3, 1, true, true",
      "FK,         1, 3, 1, true, true"})
  void eachMethod_drawsValuesAndMeetsAsItsTraitsSay(Method method, double alpha, int trajectories, int children,
      boolean valued, boolean barrier) {
    SamplingPlan plan = SamplingPlan.of(method, 3, 4, alpha, 8, 1);
    assertEquals(trajectories, plan.trajectories());
    assertEquals(children, plan.childrenAt(0));
    assertEquals(valued, plan.guides(0));
    assertEquals(valued, method.valuesIntermediateSteps());
    assertEquals(barrier, plan.barrierEveryStep());
    assertEquals(method == Method.SMC || method == Method.FK, method.weightsParticles());
  }
}
