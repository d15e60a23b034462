package org.svdd.core.method;

/**
 * Which denoising steps are guided. A slow oracle (docking at seconds a call) makes guiding all T steps
 * of N particles with M children cost N·M·T calls; guiding every k-th step, or only the last fraction
 * of the trajectory where designs take shape, divides that. An unguided step takes one pre-trained
 * child and values nothing. The last step is always guided, counting {@code every} back from it, so
 * the final choice among children is always made on the reward. The SVDD paper guides every step
 * (arXiv 2408.08252, Alg. 1); this is a budget knob beyond it.
 *
 * <p>A budget caps the guided steps at {@code maxGuided}, keeping the last ones: with N particles and
 * M children a guided step asks for at most N·M rewards, so a budget of B oracle requests affords
 * B / (N·M) guided steps, spent where the final choice is made. Counting from the plan rather than from
 * calls as they happen keeps samples reproducible whatever the timing.
 *
 * @param every guide one step in this many (1: every step)
 * @param lastFraction guide only within this last fraction of the steps, in (0, 1] (1: from the start)
 * @param maxGuided at most this many guided steps, the last ones (0: no cap)
 */
public record GuidanceSchedule(int every, double lastFraction, int maxGuided) {
  public static final GuidanceSchedule EVERY_STEP = new GuidanceSchedule(1, 1);

  public GuidanceSchedule(int every, double lastFraction) {
    this(every, lastFraction, 0);
  }

  public GuidanceSchedule {
    if (every < 1 || every > SamplingPlan.MAX_STEPS) {
      throw new IllegalArgumentException("guidance.every must be between 1 and " + SamplingPlan.MAX_STEPS + ", got " + every);
    }
    if (!(lastFraction > 0 && lastFraction <= 1)) {
      throw new IllegalArgumentException("guidance.last_fraction must lie in (0, 1], got " + lastFraction);
    }
    if (maxGuided < 0) {
      throw new IllegalArgumentException("the number of guided steps cannot be negative, got " + maxGuided);
    }
  }

  /** This schedule with at most {@code steps} guided steps, the last ones. */
  public GuidanceSchedule capped(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("a cap must allow at least one guided step, got " + steps);
    }
    return new GuidanceSchedule(every, lastFraction, maxGuided == 0 ? steps : Math.min(maxGuided, steps));
  }

  /** This schedule without a cap on guided steps. */
  public GuidanceSchedule withoutCap() {
    return new GuidanceSchedule(every, lastFraction, 0);
  }

  /** Whether the step from {@code step} to {@code step + 1} (0-based, of {@code steps}) is guided. */
  public boolean guides(int step, int steps) {
    int fromEnd = steps - 1 - step;
    int window = (int) Math.ceil(lastFraction * steps);
    if (fromEnd >= window || fromEnd % every != 0) {
      return false;
    }
    return maxGuided == 0 || fromEnd / every < maxGuided;
  }

  /** Guided steps out of {@code steps}. */
  public int guidedSteps(int steps) {
    int n = 0;
    for (int s = 0; s < steps; s++) {
      n += guides(s, steps) ? 1 : 0;
    }
    return n;
  }
}
