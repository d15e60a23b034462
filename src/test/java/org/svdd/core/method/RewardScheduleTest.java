package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.RewardOracles;
import org.svdd.core.select.Resampler;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

class RewardScheduleTest {
  private static final double[][] P = {{0.3, 0.3, 0.4}, {0.5, 0.2, 0.3}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 4);

  private static SamplingPlan plan(Method method, RewardSchedule rewards) {
    return new SamplingPlan(method, 6, 3, method == Method.SMC ? 1 : 0, 8, 11, ValueEstimator.PM, 4, 0.5,
        Resampler.SYSTEMATIC, GuidanceSchedule.EVERY_STEP, rewards);
  }

  @Test
  void at_earlyReward_valuesOnlyTheStepsBeforeTheLastFraction() {
    RewardSchedule schedule = new RewardSchedule("dock", "qed", 0.25);
    List<String> byStep = new ArrayList<>();
    for (int step = 0; step < 8; step++) {
      byStep.add(schedule.at(step, 8));
    }
    assertEquals(List.of("qed", "qed", "qed", "qed", "qed", "qed", "dock", "dock"), byStep);
    assertEquals(List.of("dock"), List.of(RewardSchedule.of("dock").at(0, 8)));
  }

  @Test
  void constructor_badFraction_namesTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RewardSchedule("a", "b", 1.5));
    assertTrue(e.getMessage().contains("early_value.late_fraction"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = Method.class, names = {"SVDD", "SMC", "BEST_OF_N", "PRETRAINED"})
  void run_cheapEarlyValue_finalSamplesCarryTheJobsReward(Method method) {
    TableOracleFake dock = new TableOracleFake(x -> x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3]);
    TableOracleFake qed = new TableOracleFake(x -> -x[0]);
    Map<String, TableOracleFake> oracles = Map.of("dock", dock, "qed", qed);
    RewardOracles byName = name -> {
      if (!oracles.containsKey(name)) {
        throw new IllegalArgumentException("unknown reward " + name);
      }
      return oracles.get(name);
    };
    SequentialSampler sampler = new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), byName, 64);
    List<Sample> samples = sampler.run(plan(method, new RewardSchedule("dock", "qed", 0.25))).samples();
    for (Sample s : samples) {
      int[] t = ((org.svdd.core.diffusion.TokenState) s.design()).tokens();
      assertEquals(t[0] + 2 * t[1] + 3 * t[2] + 4 * t[3], s.reward().value(), 1e-12, "final reward is the job's");
    }
    assertEquals(method == Method.SVDD || method == Method.SMC, qed.designs() > 0,
        "only methods that value intermediate steps ask the early reward");
    assertTrue(dock.designs() > 0);
  }

  @Test
  void run_lateFractionOne_neverAsksTheEarlyReward() {
    TableOracleFake dock = new TableOracleFake(x -> x[0]);
    TableOracleFake qed = new TableOracleFake(x -> -x[0]);
    RewardOracles byName = name -> name.equals("dock") ? dock : qed;
    new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), byName, 64)
        .run(plan(Method.SVDD, new RewardSchedule("dock", "qed", 1)));
    assertEquals(0, qed.designs());
  }
}
