package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.select.Resampler;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * Feynman–Kac steering (arXiv 2501.06848): with the difference potential it is today's SMC, draw for draw;
 * its max and sum potentials keep a lineage's statistic through resampling and steer toward the reward.
 */
class FkSteeringTest {
  private static final double[][] P = {{0.3, 0.3, 0.4}, {0.5, 0.2, 0.3}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2},
      {0.35, 0.35, 0.3}, {0.45, 0.25, 0.3}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 6);
  private final TableOracleFake oracle = new TableOracleFake(x -> {
    double r = 0;
    for (int i = 0; i < x.length; i++) {
      r += x[i] == 1 ? i + 1 : 0;
    }
    return r;
  });

  private SamplingPlan plan(Method method, Potential potential, long seed, double ess) {
    return new SamplingPlan(method, 16, 1, 1, 8, seed, ValueEstimator.PM, 4, ess, Resampler.SYSTEMATIC,
        GuidanceSchedule.EVERY_STEP, RewardSchedule.DEFAULT, Replacement.DEFAULT, potential);
  }

  private List<Sample> run(SamplingPlan plan) {
    return new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), oracle, 64).run(plan).samples();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void fkWithTheDifferencePotential_isSmc(long seed) {
    assertEquals(run(plan(Method.SMC, Potential.DIFFERENCE, seed, 0.5)), run(plan(Method.FK, Potential.DIFFERENCE, seed, 0.5)));
  }

  @Test
  void potentials_accumulateAsDefined() {
    assertEquals(0.5 + (3 - 1) / 2.0, Potential.DIFFERENCE.next(0.5, 1, 3, 2, false), 1e-12);
    assertEquals(1.5, Potential.MAX.next(1.5, 9, 2, 2, false), 1e-12, "the lineage's best so far stays");
    assertEquals(2.5, Potential.MAX.next(1.5, 9, 5, 2, false), 1e-12);
    assertEquals(-1.0, Potential.MAX.next(0, 0, -2, 2, true), 1e-12, "the first value starts the maximum, not 0");
    assertEquals(1.5 + 1.0, Potential.SUM.next(1.5, 9, 2, 2, false), 1e-12);
    assertTrue(Potential.DIFFERENCE.resetOnResample() && !Potential.MAX.resetOnResample() && !Potential.SUM.resetOnResample());
  }

  @Test
  void maxAndSum_keepTheLineageStatistic_throughResampling() {
    SamplingPlan max = plan(Method.FK, Potential.MAX, 1, 1);
    List<Trajectory> population = List.of(new Trajectory(0, 3, state(0), null, 1, 2.0, null),
        new Trajectory(1, 3, state(1), null, 4, 0.5, null));
    for (Trajectory t : PopulationStep.resampleIfDegenerate(population, max, 3)) {
      assertTrue(t.logWeight() == 2.0 || t.logWeight() == 0.5, "kept: " + t);
    }
    for (Trajectory t : PopulationStep.resampleIfDegenerate(population, plan(Method.SMC, Potential.DIFFERENCE, 1, 1), 3)) {
      assertEquals(0, t.logWeight(), "SMC resets");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"max", "sum"})
  void maxAndSum_steerTowardTheReward(String potential) {
    double fk = 0;
    double pretrained = 0;
    for (long seed = 1; seed <= 4; seed++) {
      fk += run(plan(Method.FK, Potential.parse(potential), seed, 0.5)).stream().mapToDouble(s -> s.reward().value()).sum();
      pretrained += run(plan(Method.PRETRAINED, Potential.DIFFERENCE, seed, 0.5)).stream().mapToDouble(s -> s.reward().value()).sum();
    }
    assertTrue(fk > pretrained, potential + ": " + fk + " against pre-trained " + pretrained);
  }

  @Test
  void badPotentialsAndAlphas_areRefusedNamingThem() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Potential.parse("product"));
    assertEquals("unknown potential 'product'; allowed: [difference, max, sum]", unknown.getMessage());
    IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class, () -> new SamplingPlan(Method.FK, 4, 1,
        0, 8, 1, ValueEstimator.PM, 4, 0.5, Resampler.SYSTEMATIC, GuidanceSchedule.EVERY_STEP));
    assertTrue(alpha.getMessage().startsWith("alpha must be a positive finite number for fk"), alpha.getMessage());
    for (double tiny : new double[] {1e-320, 9.9e-7}) {
      IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> new SamplingPlan(Method.SMC, 4,
          1, tiny, 8, 1, ValueEstimator.PM, 4, 0.5, Resampler.SYSTEMATIC, GuidanceSchedule.EVERY_STEP));
      assertTrue(small.getMessage().startsWith("alpha must be at least 1e-6 for smc"), small.getMessage());
    }
    assertEquals(SamplingPlan.MIN_WEIGHTING_ALPHA, new SamplingPlan(Method.FK, 4, 1, 1e-6, 8, 1, ValueEstimator.PM, 4,
        0.5, Resampler.SYSTEMATIC, GuidanceSchedule.EVERY_STEP).alpha());
  }

  private static State state(int token) {
    return new TokenState(new int[] {token, token, token, token, token, token});
  }
}
