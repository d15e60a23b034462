package org.svdd.core.method;

/**
 * SVDD-R's replacement schedule: after every {@code every}-th intermediate step, the worst ⌈fraction · N⌉
 * particles by value are replaced by copies drawn by soft value ({@link PopulationStep}).
 *
 * @param fraction share of the particles replaced, in [0, 0.5] (the paper: the worst 3–5 %; 0 is plain SVDD)
 * @param every replace after every this many steps (1: every step)
 */
public record Replacement(double fraction, int every) {
  public static final Replacement DEFAULT = new Replacement(0.05, 1);

  public Replacement {
    if (!(fraction >= 0 && fraction <= 0.5)) {
      throw new IllegalArgumentException("replacement.fraction must lie in [0, 0.5], got " + fraction);
    }
    if (every < 1 || every > SamplingPlan.MAX_STEPS) {
      throw new IllegalArgumentException("replacement.every must be between 1 and " + SamplingPlan.MAX_STEPS + ", got "
          + every);
    }
  }

  /** Whether particles are replaced after {@code stepsDone} steps. */
  public boolean after(int stepsDone) {
    return stepsDone % every == 0;
  }

  /** Particles replaced in a population of {@code particles}. */
  public int count(int particles) {
    return (int) Math.ceil(fraction * particles);
  }
}
