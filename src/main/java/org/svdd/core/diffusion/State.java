package org.svdd.core.diffusion;

/**
 * A point on a diffusion trajectory, noisy or clean. Data only: int[] or float[], never a tensor, so a
 * state can cross actors, nodes and checkpoints as it is. Implementations compare by content
 * ({@link TokenState} for sequences; a Gaussian process for images adds a float[] state beside it).
 */
public interface State {

  /** Number of positions (tokens, pixels) in the state. */
  int length();
}
