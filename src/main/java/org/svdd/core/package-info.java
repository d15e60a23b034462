/**
 * The pure mathematics of reward-guided diffusion sampling: states, noise schedules, reverse steps,
 * selection and resampling, the sampling methods as step functions, value estimators and keyed
 * randomness. Imports the JDK only, so everything here is deterministic and testable without an actor
 * system or a tensor engine. The ports {@link org.svdd.core.diffusion.Denoiser} and
 * {@link org.svdd.core.reward.RewardOracle} are implemented in {@code model} and {@code oracle}.
 */
package org.svdd.core;
