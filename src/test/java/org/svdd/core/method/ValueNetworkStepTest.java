package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.RewardOracles;
import org.svdd.core.select.Resampler;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * SVDD-MC (arXiv 2408.08252, Sec. 4.2): guided steps are valued by the reward's value network on the noisy
 * children themselves, with no denoiser call for them; the final samples still carry the job's reward,
 * scored once per particle; a late fraction hands the last steps back to the reward.
 */
class ValueNetworkStepTest {
  private static final double[][] P = {{0.3, 0.3, 0.4}, {0.5, 0.2, 0.3}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 4);
  private final TableOracleFake reward = new TableOracleFake(x -> x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3]);
  /** A value network fake: counts visible B's (token 1), the reward's direction; records what it saw. */
  private final List<int[]> valued = new ArrayList<>();
  private final TableOracleFake value = new TableOracleFake(x -> {
    valued.add(x.clone());
    int b = 0;
    for (int t : x) {
      b += t == 1 ? 1 : 0;
    }
    return b;
  });
  private final RewardOracles byName = name -> name.equals("r") ? reward
      : name.equals(ValueEstimator.valueNetworkOf("r")) ? value : failOn(name);

  private static TableOracleFake failOn(String name) {
    throw new IllegalArgumentException("unknown reward " + name);
  }

  private static SamplingPlan plan(Method method, ValueEstimator estimator, RewardSchedule rewards) {
    return new SamplingPlan(method, 6, 3, method == Method.SMC ? 1 : 0, 8, 11, estimator, 4, 0.5,
        Resampler.SYSTEMATIC, GuidanceSchedule.EVERY_STEP, rewards);
  }

  @ParameterizedTest
  @EnumSource(value = Method.class, names = {"SVDD", "SMC", "SVDD_R"})
  void mc_valuesNoisyChildren_withoutDenoisingThem_andFinalSamplesCarryTheJobsReward(Method method) {
    SequentialSampler.Result mc = new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), byName, 64)
        .run(plan(method, ValueEstimator.MC, RewardSchedule.of("r")));
    for (Sample s : mc.samples()) {
      int[] t = ((TokenState) s.design()).tokens();
      assertEquals(t[0] + 2 * t[1] + 3 * t[2] + 4 * t[3], s.reward().value(), 1e-12, "the final reward is the job's");
    }
    assertEquals(6, reward.designs(), "the job's reward scores each particle's sample once");
    assertTrue(valued.stream().anyMatch(x -> java.util.Arrays.stream(x).anyMatch(t -> t == diffusion.vocabulary().mask())),
        "the value network sees noisy (masked) children");
    assertTrue(mc.denoisedRows() <= 6L * 8, "at most one denoiser row per particle and step (fewer when a step unmasks "
        + "nothing and the parent's prediction is reused): the children are not denoised; got " + mc.denoisedRows());
  }

  @Test
  void mc_denoisesOneRowPerParticleAndStep_wherePmDenoisesEveryChild() {
    double[][] p = new double[24][];
    java.util.Arrays.fill(p, new double[] {0.45, 0.45, 0.1});
    MaskedDiffusion longer = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 24);
    RewardOracles any = name -> new TableOracleFake(x -> x[0]);
    long mc = new SequentialSampler(longer, new FactorizedDenoiserFake(p), any, 64)
        .run(plan(Method.SVDD, ValueEstimator.MC, RewardSchedule.of("r"))).denoisedRows();
    long pm = new SequentialSampler(longer, new FactorizedDenoiserFake(p), any, 64)
        .run(plan(Method.SVDD, ValueEstimator.PM, RewardSchedule.of("r"))).denoisedRows();
    assertTrue(mc <= 6L * 8 && pm > 2 * mc, "MC " + mc + " rows, PM " + pm + " rows");
  }

  @Test
  void mc_lateFraction_givesTheLastStepsToTheReward() {
    new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), byName, 64).run(plan(Method.SVDD, ValueEstimator.MC,
        new RewardSchedule("r", ValueEstimator.valueNetworkOf("r"), 0.25)));
    assertTrue(value.designs() > 0);
    assertTrue(reward.designs() > 6, "the last two steps' children are scored by the reward: " + reward.designs());
    double[][] p = new double[24][];
    java.util.Arrays.fill(p, new double[] {0.45, 0.45, 0.1});
    TableOracleFake late = new TableOracleFake(x -> x[0]);
    RewardOracles byLength = name -> name.equals("r") ? late : new TableOracleFake(x -> x[1]);
    new SequentialSampler(new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 24), new FactorizedDenoiserFake(p), byLength, 64)
        .run(plan(Method.SVDD, ValueEstimator.MC, new RewardSchedule("r", ValueEstimator.valueNetworkOf("r"), 0.25)));
    assertTrue(late.designs() <= 6 * 3 * 2 + 6, "one x̂0 per child on the reward's steps (PM), not K rollouts: "
        + late.designs());
  }

  @Test
  void mc_valuesTowardTheValueNetwork() {
    SequentialSampler sampler = new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), byName, 64);
    double mc = sampler.run(plan(Method.SVDD, ValueEstimator.MC, RewardSchedule.of("r"))).samples().stream()
        .mapToDouble(s -> java.util.Arrays.stream(((TokenState) s.design()).tokens()).filter(t -> t == 1).count()).sum();
    double pretrained = sampler.run(plan(Method.PRETRAINED, ValueEstimator.MC, RewardSchedule.of("r"))).samples().stream()
        .mapToDouble(s -> java.util.Arrays.stream(((TokenState) s.design()).tokens()).filter(t -> t == 1).count()).sum();
    assertTrue(mc > pretrained, "greedy on the value network's count of B: " + mc + " against " + pretrained);
  }

  @Test
  void mc_withAnEarlyRewardOfItsOwn_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan(Method.SVDD, ValueEstimator.MC, new RewardSchedule("r", "qed", 0.25)));
    assertTrue(e.getMessage().contains("value mc") && e.getMessage().contains("qed"), e.getMessage());
  }

  @Test
  void rollouts_areThePretrainedSamplesOfTheSameSeed_withEveryStateKept() {
    SamplingPlan plan = plan(Method.PRETRAINED, ValueEstimator.PM, RewardSchedule.of("r"));
    List<Sample> samples = new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), byName, 64).run(plan).samples();
    int[] steps = {0};
    List<List<State>> paths = Rollouts.of(diffusion, new FactorizedDenoiserFake(P), 6, 8, 11, 4, () -> steps[0]++);
    assertEquals(8, steps[0]);
    for (int i = 0; i < 6; i++) {
      assertEquals(9, paths.get(i).size());
      int particle = i;
      State sample = samples.stream().filter(x -> x.particle() == particle).findFirst().orElseThrow().design();
      assertEquals(sample, paths.get(i).get(8), "rollout " + i);
      assertTrue(java.util.Arrays.stream(((TokenState) paths.get(i).get(0)).tokens()).allMatch(t -> t == diffusion.vocabulary().mask()));
    }
  }
}
