package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.core.reward.Reward;
import org.svdd.core.select.Resampler;
import org.svdd.testing.FactorizedDenoiserFake;

class ParticleStepTest {
  private static final double[][] P = {{0.3, 0.3, 0.4}, {0.5, 0.2, 0.3}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 4);
  private final FactorizedDenoiserFake denoiser = new FactorizedDenoiserFake(P);

  private static double reward(State s) {
    int[] t = ((TokenState) s).tokens();
    return t[0] + 2 * t[1] + 3 * t[2] + 4 * t[3];
  }

  @Test
  void rollout_alphaZero_valuesEachChildByItsBestCompletion() {
    SamplingPlan plan = new SamplingPlan(Method.SVDD, 1, 2, 0, 4, 5, ValueEstimator.ROLLOUT, 3, 0.5, Resampler.SYSTEMATIC,
        GuidanceSchedule.EVERY_STEP);
    ParticleStep step = new ParticleStep(plan, diffusion,
        Trajectory.start(0, diffusion.prior(RandomStream.of(5, Purpose.PRIOR, 0))));
    ParticleStep.Predict parent = assertInstanceOf(ParticleStep.Predict.class, step.start());
    ParticleStep.Need need = step.onPredictions(predict(parent));
    if (need instanceof ParticleStep.Predict children) {
      need = step.onPredictions(predict(children));
    }
    ParticleStep.Score score = assertInstanceOf(ParticleStep.Score.class, need);
    assertTrue(score.designs().size() <= 2 * 3, "K completions for each of M children, deduplicated");
    assertTrue(score.designs().stream().allMatch(diffusion::isClean));
    List<Reward> rewards = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (State d : score.designs()) {
      rewards.add(new Reward(reward(d), ""));
      best = Math.max(best, reward(d));
    }
    Trajectory next = assertInstanceOf(ParticleStep.Done.class, step.onRewards(rewards)).next();
    assertEquals(best, next.value(), "alpha = 0: the chosen child's value is the best completion's reward");
    assertEquals(1, next.step());
  }

  @Test
  void softMean_interpolatesBetweenMeanAndMax() {
    double[] r = {1, 2, 6};
    assertEquals(6, ValueEstimator.softMean(r, 0), 1e-12);
    assertEquals(3, ValueEstimator.softMean(r, Double.POSITIVE_INFINITY), 1e-12);
    double mid = ValueEstimator.softMean(r, 1);
    assertEquals(Math.log((Math.exp(1) + Math.exp(2) + Math.exp(6)) / 3), mid, 1e-12);
    assertTrue(mid > 3 && mid < 6);
  }

  @Test
  void step_childEqualToParent_reusesTheParentPrediction() {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 1, 8, 0, 400, 1);
    ParticleStep step = new ParticleStep(plan, diffusion,
        Trajectory.start(0, diffusion.prior(RandomStream.of(1, Purpose.PRIOR, 0))));
    ParticleStep.Predict parent = assertInstanceOf(ParticleStep.Predict.class, step.start());
    ParticleStep.Need need = step.onPredictions(predict(parent));
    // With 400 steps a child reveals a token with probability 1/400 per position: most equal the parent,
    // and none of those, nor duplicates, are sent to the denoiser again.
    if (need instanceof ParticleStep.Predict children) {
      assertTrue(children.states().stream().noneMatch(s -> s.equals(parent.states().get(0))));
      assertEquals(children.states().size(), children.states().stream().distinct().count());
    } else {
      assertInstanceOf(ParticleStep.Score.class, need);
    }
  }

  /** Drives one guided SVDD step from the prior to its Score need (M = 4, T = 1: children are clean). */
  private ParticleStep.Score toScore(ParticleStep step) {
    ParticleStep.Need need = step.start();
    while (need instanceof ParticleStep.Predict p) {
      need = step.onPredictions(predict(p));
    }
    return assertInstanceOf(ParticleStep.Score.class, need);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void onRewards_failedChild_isNeverChosenOverAScoredSibling(long seed) {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 1, 4, 0, 1, seed);
    ParticleStep step = new ParticleStep(plan, diffusion,
        Trajectory.start(0, diffusion.prior(RandomStream.of(seed, Purpose.PRIOR, 0))));
    ParticleStep.Score score = toScore(step);
    if (score.designs().size() < 2) {
      return;
    }
    // the best design fails: a scored sibling is chosen instead, whatever the failed one would have been worth
    State best = score.designs().stream().max(java.util.Comparator.comparingDouble(ParticleStepTest::reward)).get();
    List<Reward> rewards = score.designs().stream()
        .map(d -> d.equals(best) ? Reward.failed("RNAfold crashed") : new Reward(reward(d), "")).toList();
    Trajectory next = assertInstanceOf(ParticleStep.Done.class, step.onRewards(rewards)).next();
    assertTrue(!next.state().equals(best) && !next.reward().failed(), "a failed design is never kept");
    assertEquals(1, step.failedDesigns());
    assertEquals(score.designs().size(), step.scoredDesigns());
  }

  @Test
  void onRewards_everyChildFailed_keepsTheFirstProposalWithItsParentsValue() {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 1, 4, 0, 2, 3);
    Trajectory start = Trajectory.start(0, diffusion.prior(RandomStream.of(3, Purpose.PRIOR, 0)));
    ParticleStep step = new ParticleStep(plan, diffusion, start);
    ParticleStep.Score score = toScore(step);
    List<Reward> rewards = score.designs().stream().map(d -> Reward.failed("timeout")).toList();
    Trajectory next = assertInstanceOf(ParticleStep.Done.class, step.onRewards(rewards)).next();
    assertEquals(start.value(), next.value());
    assertEquals(1, next.step());
  }

  private float[][] predict(ParticleStep.Predict p) {
    return denoiser.predict(p.states().stream().map(s -> new DenoiseInput(s, p.time())).toList());
  }
}
