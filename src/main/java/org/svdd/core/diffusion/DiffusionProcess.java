package org.svdd.core.diffusion;

import org.svdd.core.random.RandomStream;

/**
 * A diffusion process run backwards in {@code steps} discrete steps, indexed 0 (pure noise) to
 * steps - 1 (the step that yields the clean sample). Implementations are pure.
 */
public interface DiffusionProcess {

  /** Values per state: positions of a sequence, pixels of an image. */
  int length();

  /** The fully noised starting state. */
  State prior(RandomStream random);

  /** Diffusion time t in (0, 1] of the state a step starts from. */
  double time(int step, int steps);

  /** One draw from the pre-trained reverse step p(x_{s} | x_t) given the denoiser's prediction at x_t. */
  State reverseStep(State noisy, float[] prediction, int step, int steps, RandomStream random);

  /** The posterior-mean clean estimate x̂_0 (training-free PM value estimator). */
  State cleanEstimate(State noisy, float[] prediction);

  /** One stochastic completion x_0 ~ p(x_0 | x_t) in a single jump (rollout value estimator). */
  State sampleClean(State noisy, float[] prediction, RandomStream random);

  /** Whether a state carries no noise, so that it is its own x̂_0. */
  boolean isClean(State state);
}
