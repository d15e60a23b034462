package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.core.reward.Reward;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * A model small enough to enumerate: 2 symbols + pad over 3 positions (27 outcomes), a context-free
 * denoiser (so p_pre is a product of known categoricals) and a tabulated reward.
 */
class KnownAnswerTest {
  private static final double[][] P = {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 3);
  private final FactorizedDenoiserFake denoiser = new FactorizedDenoiserFake(P);
  private final TableOracleFake oracle = new TableOracleFake(KnownAnswerTest::reward);

  static double reward(int[] x) {
    return ((x[0] * 9 + x[1] * 3 + x[2]) * 5 % 7) / 2.0;
  }

  static int index(int[] x) {
    return x[0] * 9 + x[1] * 3 + x[2];
  }

  static double[] pretrained() {
    double[] p = new double[27];
    for (int i = 0; i < 27; i++) {
      p[i] = P[0][i / 9] * P[1][(i / 3) % 3] * P[2][i % 3];
    }
    return p;
  }

  static double[] tilted(double alpha) {
    double[] p = pretrained();
    double sum = 0;
    for (int i = 0; i < 27; i++) {
      p[i] *= Math.exp(reward(new int[] {i / 9, (i / 3) % 3, i % 3}) / alpha);
      sum += p[i];
    }
    for (int i = 0; i < 27; i++) {
      p[i] /= sum;
    }
    return p;
  }

  static double totalVariation(double[] p, List<Sample> samples) {
    double[] q = new double[p.length];
    for (Sample s : samples) {
      q[index(((TokenState) s.design()).tokens())] += 1.0 / samples.size();
    }
    double tv = 0;
    for (int i = 0; i < p.length; i++) {
      tv += Math.abs(p[i] - q[i]) / 2;
    }
    return tv;
  }

  private List<Sample> sample(SamplingPlan plan) {
    return new SequentialSampler(diffusion, denoiser, oracle, 64).run(plan).samples();
  }

  @Test
  void svdd_alphaZero_keepsTheChildWithHighestValueAtEveryStep() {
    for (int seed = 0; seed < 20; seed++) {
      SamplingPlan plan = SamplingPlan.of(Method.SVDD, 1, 6, 0, 3, seed);
      Trajectory t = Trajectory.start(0, diffusion.prior(RandomStream.of(seed, Purpose.PRIOR, 0)));
      for (int step = 0; step < plan.steps(); step++) {
        ParticleStep machine = new ParticleStep(plan, diffusion, t);
        ParticleStep.Need need = machine.start();
        double best = Double.NEGATIVE_INFINITY;
        while (!(need instanceof ParticleStep.Done)) {
          if (need instanceof ParticleStep.Predict p) {
            need = machine.onPredictions(denoiser.predict(p.states().stream()
                .map(s -> new org.svdd.core.diffusion.DenoiseInput(s, p.time())).toList()));
          } else {
            List<State> designs = ((ParticleStep.Score) need).designs();
            List<Reward> rewards = oracle.score(designs).toCompletableFuture().join();
            for (Reward r : rewards) {
              best = Math.max(best, r.value());
            }
            need = machine.onRewards(rewards);
          }
        }
        t = ((ParticleStep.Done) need).next();
        assertEquals(best, t.value(), "seed " + seed + " step " + step);
      }
      assertEquals(t.value(), t.reward().value());
    }
  }

  @Test
  void svdd_infiniteAlpha_reproducesPretrainedSampling() {
    double[] p = pretrained();
    assertTrue(totalVariation(p, sample(SamplingPlan.of(Method.SVDD, 4096, 4, 1, 3, 1))) > 0.1,
        "the tilt must be visible for this test to mean anything");
    double tv = totalVariation(p, sample(SamplingPlan.of(Method.SVDD, 4096, 4, Double.POSITIVE_INFINITY, 3, 1)));
    assertTrue(tv < 0.05, "TV to p_pre = " + tv);
  }

  @Test
  void svddR_replacingNoParticles_isPlainSvdd() {
    for (int seed = 0; seed < 5; seed++) {
      SamplingPlan svdd = SamplingPlan.of(Method.SVDD, 16, 4, 0.5, 3, seed);
      SamplingPlan none = SamplingPlan.of(Method.SVDD_R, 16, 4, 0.5, 3, seed).withReplacement(new Replacement(0, 1));
      assertEquals(sample(svdd), sample(none), "seed " + seed);
    }
  }

  @Test
  void pretrained_matchesTheEnumeratedDistribution() {
    double tv = totalVariation(pretrained(), sample(SamplingPlan.of(Method.PRETRAINED, 4096, 1, 1, 3, 2)));
    assertTrue(tv < 0.05, "TV to p_pre = " + tv);
  }

  @Test
  void smc_moreParticles_approachTheTiltedTarget() {
    double alpha = 1.5;
    double[] target = tilted(alpha);
    assertTrue(totalVariation(target, sample(SamplingPlan.of(Method.PRETRAINED, 4096, 1, 1, 3, 3))) > 0.15,
        "the tilted target must differ from p_pre for this test to mean anything");
    double small = 0;
    double large = 0;
    for (int seed = 0; seed < 4; seed++) {
      small += totalVariation(target, sample(SamplingPlan.of(Method.SMC, 64, 1, alpha, 3, seed))) / 4;
      large += totalVariation(target, sample(SamplingPlan.of(Method.SMC, 4096, 1, alpha, 3, seed))) / 4;
    }
    assertTrue(large < small / 3, "mean TV with N=4096 " + large + " vs N=64 " + small);
    assertTrue(large < 0.06, "mean TV with N=4096 = " + large);
  }

  @Test
  void bestOfN_keepsTheTopNOfNTimesMPretrainedSamples() {
    SamplingPlan plan = SamplingPlan.of(Method.BEST_OF_N, 8, 5, 0, 3, 4);
    List<Sample> kept = sample(plan);
    List<Sample> all = sample(SamplingPlan.of(Method.PRETRAINED, 40, 1, 0, 3, 4));
    List<Double> top = new ArrayList<>(all.stream().map(s -> s.reward().value()).sorted((a, b) -> Double.compare(b, a)).toList());
    assertEquals(8, kept.size());
    assertEquals(top.subList(0, 8), kept.stream().map(s -> s.reward().value()).sorted((a, b) -> Double.compare(b, a)).toList());
  }

  @Test
  void sequentialSampler_batchSize_doesNotChangeSamples() {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 16, 4, 0.3, 3, 9);
    List<Sample> one = new SequentialSampler(diffusion, denoiser, oracle, 1).run(plan).samples();
    List<Sample> many = new SequentialSampler(diffusion, denoiser, oracle, 64).run(plan).samples();
    assertEquals(one, many);
  }

  @Test
  void svdd_guidingOnlyTheLastStep_followsPretrainedThenPicksTheBestLastChild() {
    int steps = 3;
    SamplingPlan guidedLast = new SamplingPlan(Method.SVDD, 64, 5, 0, steps, 11, ValueEstimator.PM, 4, 0.5,
        org.svdd.core.select.Resampler.SYSTEMATIC, new GuidanceSchedule(steps, 1));
    TableOracleFake counting = new TableOracleFake(KnownAnswerTest::reward);
    List<Sample> svdd = new SequentialSampler(diffusion, denoiser, counting, 64).run(guidedLast).samples();
    List<Sample> pretrained = sample(SamplingPlan.of(Method.PRETRAINED, 64, 1, 0, steps, 11));
    int better = 0;
    for (int i = 0; i < svdd.size(); i++) {
      // the pre-trained final child is child 0 of the same keyed stream, one of SVDD's five last children
      assertTrue(svdd.get(i).reward().value() >= pretrained.get(i).reward().value(), "particle " + i);
      better += svdd.get(i).reward().value() > pretrained.get(i).reward().value() ? 1 : 0;
    }
    assertTrue(better > 10, "the last step's choice should matter: " + better);
    assertTrue(counting.designs() <= 64 * 5, "only the last step is scored: " + counting.designs());
  }

  @Test
  void svdd_sparserGuidance_scoresFewerDesigns() {
    TableOracleFake every = new TableOracleFake(KnownAnswerTest::reward);
    TableOracleFake half = new TableOracleFake(KnownAnswerTest::reward);
    SamplingPlan all = SamplingPlan.of(Method.SVDD, 32, 4, 0, 3, 12);
    new SequentialSampler(diffusion, denoiser, every, 64).run(all);
    new SequentialSampler(diffusion, denoiser, half, 64).run(new SamplingPlan(Method.SVDD, 32, 4, 0, 3, 12,
        ValueEstimator.PM, 4, 0.5, org.svdd.core.select.Resampler.SYSTEMATIC, new GuidanceSchedule(2, 1)));
    assertTrue(half.designs() < every.designs(), half.designs() + " vs " + every.designs());
  }

  @Test
  void svdd_budget_isNeverExceeded() {
    TableOracleFake counting = new TableOracleFake(KnownAnswerTest::reward);
    SamplingPlan capped = new SamplingPlan(Method.SVDD, 16, 4, 0, 3, 13, ValueEstimator.PM, 4, 0.5,
        org.svdd.core.select.Resampler.SYSTEMATIC, GuidanceSchedule.EVERY_STEP.capped(2));
    new SequentialSampler(diffusion, denoiser, counting, 64).run(capped);
    assertTrue(counting.designs() <= 2 * capped.oracleRequestsPerGuidedStep(), "scored " + counting.designs());
  }
}
