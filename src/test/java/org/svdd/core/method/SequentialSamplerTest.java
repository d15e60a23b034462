package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.select.Resampler;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

class SequentialSamplerTest {
  private static final double[][] P = {{0.3, 0.3, 0.4}, {0.5, 0.2, 0.3}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 4);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void scoringEveryCandidate_asksForEachChildsDesign_andDrawsTheSameSamples(long seed) {
    int n = 3;
    int m = 4;
    int steps = 6;
    SamplingPlan plan = new SamplingPlan(Method.SVDD, n, m, 0, steps, seed, ValueEstimator.PM, 4, 0.5,
        Resampler.SYSTEMATIC, GuidanceSchedule.EVERY_STEP);
    TableOracleFake deduplicated = new TableOracleFake(x -> x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3]);
    TableOracleFake everyCandidate = new TableOracleFake(x -> x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3]);
    SequentialSampler sampler = new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), deduplicated, 64);
    SequentialSampler reference =
        new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), everyCandidate, 64).scoringEveryCandidate();

    var plain = sampler.run(plan);
    var every = reference.run(plan);

    assertEquals(plain.samples(), every.samples());
    assertEquals((long) n * m * steps, everyCandidate.designs(), "N·M designs a step, repeats included");
    assertEquals(everyCandidate.designs(), every.scoredDesigns());
    assertTrue(deduplicated.designs() < everyCandidate.designs(),
        "four-token designs repeat within a particle's children: " + deduplicated.designs());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void svddWithOneChild_drawsThePretrainedSamples_andAsksOnlyForTheFinalOnes(long seed) {
    int n = 3;
    int steps = 6;
    TableOracleFake svddOracle = new TableOracleFake(x -> x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3]);
    TableOracleFake pretrainedOracle = new TableOracleFake(x -> x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3]);

    var svdd = new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), svddOracle, 64)
        .run(SamplingPlan.of(Method.SVDD, n, 1, 0, steps, seed));
    var pretrained = new SequentialSampler(diffusion, new FactorizedDenoiserFake(P), pretrainedOracle, 64)
        .run(SamplingPlan.of(Method.PRETRAINED, n, 1, 0, steps, seed));

    assertEquals(pretrained.samples(), svdd.samples());
    assertEquals(n, svddOracle.designs(), "one child a step leaves nothing to value: only the final samples are scored");
    assertEquals(0, SamplingPlan.of(Method.SVDD, n, 1, 0, steps, seed).guidedSteps());
  }
}
