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

  /**
   * Rewards, how many of the designs were sent on to the oracle itself (the rest a cache answered), the
   * oracle-seconds they cost (the time the oracle worked on them: a docking slot busy, summed over slots, or
   * the call's wall time for an oracle that does not time its own work; 0 when a cache answered all), and how
   * many of the designs the durable reward archive answered.
   */
  record Scoring(List<Reward> rewards, int oracleCalls, double oracleSeconds, int archiveAnswers) {
    public Scoring {
      if (!(oracleSeconds >= 0)) {
        throw new IllegalArgumentException("oracle-seconds must be >= 0, got " + oracleSeconds);
      }
    }

    /** A scoring no archive took part in. */
    public Scoring(List<Reward> rewards, int oracleCalls, double oracleSeconds) {
      this(rewards, oracleCalls, oracleSeconds, 0);
    }
  }

  /**
   * {@link #score}, counting the designs this call sent to the underlying oracle (all of them unless this
   * oracle caches) and timing the call. Cancelling the answer cancels the call.
   */
  default CompletionStage<Scoring> scoreCounting(List<State> designs) {
    long started = System.nanoTime();
    return Scorings.counted(score(designs).toCompletableFuture(), rewards -> designs.size(),
        () -> designs.isEmpty() ? 0 : (System.nanoTime() - started) / 1e9);
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

  /**
   * Runs {@code cancels}, which cancel several of this oracle's calls, as one withdrawal: a program the first
   * cancel frees starts on none of the others' work while they run. Without it a docking slot whose Vina is
   * killed for one molecule of a cancelled job would begin the job's next queued molecule, to be killed a
   * moment later.
   */
  default void withdrawTogether(Runnable cancels) {
    cancels.run();
  }

  /** The programs this oracle runs at once (RNAfold processes, docking slots), and how many are working now. */
  default Slots slots() {
    return Slots.NONE;
  }

  /**
   * Programs an oracle runs at once ({@code total}) and those working now ({@code busy}); {@link #NONE} for an
   * oracle that runs no program (it computes in this JVM).
   */
  record Slots(int busy, int total) {
    public static final Slots NONE = new Slots(0, 0);

    public Slots plus(Slots other) {
      return new Slots(busy + other.busy, total + other.total);
    }
  }

  @Override
  default void close() {}
}
