package org.svdd.core.method;

import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;

/** A finished design with its reward; {@code particle} is the trajectory it came from. */
public record Sample(int particle, State design, Reward reward) {}
