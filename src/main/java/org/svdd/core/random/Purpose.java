package org.svdd.core.random;

/** What a random draw is for; part of every stream key so that different uses never share draws. */
public enum Purpose {
  /** Initial state of a particle (the prior). */
  PRIOR,
  /** Drawing a child from the pre-trained reverse step. */
  CHILD,
  /** Choosing one child by its soft value. */
  SELECT,
  /** Completing a noisy state for the rollout value estimate. */
  ROLLOUT,
  /** Population resampling at a barrier (SMC). */
  RESAMPLE,
  /** Masking draws of the naturalness (ELBO) estimate. */
  ELBO,
  /** Model training. */
  TRAIN,
  /** Descending a search tree: where a rollout starts, and which leaf a sample is. */
  TREE
}
