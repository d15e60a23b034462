package org.svdd.core.method;

import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;

/**
 * One particle's position: the state after {@code step} denoising steps, plus what is already known
 * about it so that nothing is computed twice.
 *
 * @param particle particle index, the key of its random streams
 * @param step steps done, 0..T; T means the state is clean
 * @param state current x_t
 * @param prediction the denoiser's output at {@code state} when already computed, else null
 * @param value soft value of {@code state} (0 before the first step: every particle starts from the
 *     same prior, so a constant there cancels)
 * @param logWeight SMC log importance weight since the last resampling
 * @param reward reward of the final clean state once known, else null
 * @param spent children drawn at guided steps so far (adaptive candidates spend a budget of M per guided step)
 */
public record Trajectory(int particle, int step, State state, float[] prediction, double value, double logWeight,
    Reward reward, int spent) {

  public Trajectory(int particle, int step, State state, float[] prediction, double value, double logWeight,
      Reward reward) {
    this(particle, step, state, prediction, value, logWeight, reward, 0);
  }

  public static Trajectory start(int particle, State prior) {
    return new Trajectory(particle, 0, prior, null, 0, 0, null);
  }

  public boolean finished(int steps) {
    return step == steps && reward != null;
  }

  /** This trajectory continued by another particle (SMC resampling), weight reset. */
  public Trajectory adoptedBy(int newParticle) {
    return new Trajectory(newParticle, step, state, prediction, value, 0, reward, spent);
  }

  /** This trajectory continued by another particle with its log-weight (FK's lineage potentials). */
  public Trajectory continuedBy(int newParticle) {
    return new Trajectory(newParticle, step, state, prediction, value, logWeight, reward, spent);
  }
}
