package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.diffusion.NoiseSchedule;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;
import org.svdd.testing.NoiseDenoiserFake;

/**
 * The engine runs continuous (Gaussian) diffusion as it runs masked diffusion: every method returns
 * exactly the sequential reference's float samples whatever the batch size, and SVDD steers them.
 */
class ContinuousEngineTest {
  private final GaussianDiffusion process = new GaussianDiffusion(8, NoiseSchedule.COSINE, 1, -1, 1);

  /** Brightness: the mean value of a clean state. */
  private static final RewardOracle BRIGHTNESS = designs -> CompletableFuture.completedFuture(designs.stream()
      .map(d -> {
        FloatState x = (FloatState) d;
        double sum = 0;
        for (int i = 0; i < x.length(); i++) {
          sum += x.at(i);
        }
        return new Reward(sum / x.length(), "");
      }).toList());

  private List<Sample> engine(SamplingPlan plan, int maxBatch) throws Exception {
    EngineSettings settings = new EngineSettings(1, maxBatch, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30));
    NodeDeps deps = new NodeDeps(process, NoiseDenoiserFake::new, RewardOracles.only(BRIGHTNESS),
        settings, new WorkerStats());
    try (SamplingEngine engine = SamplingEngine.start(deps, ConfigFactory.load())) {
      return engine.run(plan, p -> {}).get(30, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void engine_anyBatchSize_matchesTheSequentialReference(Method method) throws Exception {
    SamplingPlan plan = SamplingPlan.of(method, 8, 3, 0.05, 6, 4);
    List<Sample> reference = new SequentialSampler(process, new NoiseDenoiserFake(), BRIGHTNESS, 7).run(plan).samples();
    assertEquals(reference, engine(plan, 1));
    assertEquals(reference, engine(plan, 64));
    for (Sample s : reference) {
      assertTrue(((FloatState) s.design()).clean(), "a finished sample is at t = 0");
    }
  }

  @org.junit.jupiter.api.Test
  void svdd_raisesTheRewardAbovePretrainedSampling() throws Exception {
    double pretrained = median(engine(SamplingPlan.of(Method.PRETRAINED, 32, 1, 0, 10, 9), 64));
    double svdd = median(engine(SamplingPlan.of(Method.SVDD, 32, 8, 0, 10, 9), 64));
    assertTrue(svdd > pretrained + 0.1, "median brightness: svdd " + svdd + ", pretrained " + pretrained);
  }

  private static double median(List<Sample> samples) {
    double[] v = samples.stream().mapToDouble(s -> s.reward().value()).sorted().toArray();
    return v[v.length / 2];
  }
}
