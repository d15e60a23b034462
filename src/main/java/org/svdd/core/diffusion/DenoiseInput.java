package org.svdd.core.diffusion;

/** One row of a denoiser batch: a noisy state and its diffusion time t in (0, 1]. */
public record DenoiseInput(State state, double time) {}
