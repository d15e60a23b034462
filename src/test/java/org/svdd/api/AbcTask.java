package org.svdd.api;

import java.time.Duration;
import java.util.List;
import org.svdd.api.proto.JobSpec;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.method.Method;
import org.svdd.core.method.SequentialSampler;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.testing.FactorizedDenoiserFake;

/**
 * The small task the service's durability tests run: sequences of five over A, B and C from a factorized fake
 * denoiser ({@link #P}, one row per position), scored by the simulated oracle's count of B ({@code count-b}).
 */
final class AbcTask {
  static final double[][] P = {{0.4, 0.3, 0.2, 0.1}, {0.1, 0.2, 0.3, 0.4}, {0.25, 0.25, 0.25, 0.25},
      {0.3, 0.3, 0.3, 0.1}, {0.2, 0.2, 0.5, 0.1}};
  static final Vocabulary ABC = Vocabulary.ofCharacters("ABC");
  static final MaskedDiffusion PROCESS = new MaskedDiffusion(ABC, 5);
  static final ServedTask TASK = new ServedTask("abc", List.of("count-b"), ABC);

  private AbcTask() {}

  /** What an undisturbed SVDD run of {@code spec} gives, in one thread. */
  static SequentialSampler.Result reference(JobSpec spec) {
    return new SequentialSampler(PROCESS, new FactorizedDenoiserFake(P), new SimulatedLatencyOracle(Duration.ZERO, 4, 1),
        16).run(JobSpecs.toPlan(JobSpecs.withDefaults(spec, "count-b"), Method.SVDD));
  }
}
