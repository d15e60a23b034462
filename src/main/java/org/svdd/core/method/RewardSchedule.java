package org.svdd.core.method;

/**
 * Which reward values a guided step. A slow oracle (docking) can be kept for the last steps, where the
 * final choice among children is made, while a cheap one (QED, SA) values the earlier guided steps; the
 * final samples always carry the job's reward. With one reward throughout this is plain SVDD (arXiv
 * 2408.08252, Alg. 1); the switch is a budget knob beyond the paper. Its value estimates then change
 * scale at the switch, which SMC's incremental weights absorb as a change of intermediate target.
 *
 * @param reward the job's reward ("" for the node's default)
 * @param early reward valuing guided steps before the last {@code lateFraction} of the steps ("" for none;
 *     for SVDD-MC the job reward's value network, see {@link ValueEstimator#valueNetworkOf})
 * @param lateFraction the last fraction of the steps, in [0, 1], valued by {@code reward}; 0 leaves every
 *     guided step to the early reward (the final samples still carry the job's reward)
 */
public record RewardSchedule(String reward, String early, double lateFraction) {
  /** The node's default reward at every step. */
  public static final RewardSchedule DEFAULT = of("");

  public RewardSchedule {
    if (reward == null || early == null) {
      throw new IllegalArgumentException("reward names must not be null (use \"\" for the default)");
    }
    if (!(lateFraction >= 0 && lateFraction <= 1)) {
      throw new IllegalArgumentException("early_value.late_fraction must lie in [0, 1], got " + lateFraction);
    }
  }

  /** {@code reward} at every step. */
  public static RewardSchedule of(String reward) {
    return new RewardSchedule(reward, "", 1);
  }

  /**
   * The reward valuing the children of the step from {@code step} (0-based) of {@code steps}; at
   * {@code step == steps}, the reward of the final samples, always the job's.
   */
  public String at(int step, int steps) {
    if (early.isEmpty() || step >= steps) {
      return reward;
    }
    int fromEnd = steps - 1 - step;
    return fromEnd < (int) Math.ceil(lateFraction * steps) ? reward : early;
  }

  /** Whether some guided step may be valued by the early reward. */
  public boolean hasEarly() {
    return !early.isEmpty() && !early.equals(reward);
  }
}
