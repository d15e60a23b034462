package org.svdd.core.reward;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.State;

/**
 * Scores clean designs; higher is better. Asynchronous because real oracles are slow external programs
 * (folding, docking) whose latency the engine overlaps with denoising. Must be deterministic: the same
 * design always gets the same reward, which is what makes caching and reproducible sampling sound.
 */
public interface RewardOracle extends AutoCloseable {

  /** One reward per design, in order; completes exceptionally if the oracle fails. */
  CompletionStage<List<Reward>> score(List<State> designs);

  @Override
  default void close() {}
}
