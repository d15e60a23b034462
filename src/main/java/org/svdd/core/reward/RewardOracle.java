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

  /** Rewards, and how many of the designs were sent on to the oracle itself (the rest a cache answered). */
  record Scoring(List<Reward> rewards, int oracleCalls) {}

  /**
   * {@link #score}, counting the designs this call sent to the underlying oracle: all of them unless this
   * oracle caches. Cancelling the answer cancels the call.
   */
  default CompletionStage<Scoring> scoreCounting(List<State> designs) {
    return Scorings.counted(score(designs).toCompletableFuture(), rewards -> designs.size());
  }

  /**
   * What names this oracle's answers in a durable archive: the reward and every setting that changes a
   * score (program, seeds, effort, receptor). Two oracles with one identity must score alike.
   */
  default String identity() {
    return getClass().getSimpleName();
  }

  /** Oracle processes killed and replaced so far (crashes, timeouts, garbled answers); 0 if none are kept. */
  default long restarts() {
    return 0;
  }

  @Override
  default void close() {}
}
