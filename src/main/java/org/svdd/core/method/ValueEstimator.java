package org.svdd.core.method;

import java.util.Arrays;
import java.util.Locale;

/** How the soft value of an intermediate state is estimated (arXiv 2408.08252, Sec. 4.2). */
public enum ValueEstimator {
  /** Posterior mean: the reward of the denoiser's x̂_0. Training-free; the paper's default. */
  PM("pm"),
  /** alpha · log mean_k exp(r(x_0^k) / alpha) over K one-jump stochastic completions of the state. */
  ROLLOUT("rollout"),
  /**
   * SVDD-MC: a value network trained on the pre-trained model's rollouts values the noisy state itself,
   * with no denoiser call and no oracle call (before the steps left to the real reward, if any).
   */
  MC("mc");

  /** Names the value network of a reward among the rewards a step can be valued by. */
  private static final String VALUE_NETWORK = "value:";

  /** The name under which the value network of {@code reward} is asked. */
  public static String valueNetworkOf(String reward) {
    return VALUE_NETWORK + reward;
  }

  /** Whether a reward name asks a value network, which values noisy states rather than clean designs. */
  public static boolean isValueNetwork(String reward) {
    return reward.startsWith(VALUE_NETWORK);
  }

  /** The reward a value network's name estimates. */
  public static String estimated(String valueNetwork) {
    return valueNetwork.substring(VALUE_NETWORK.length());
  }

  private final String label;

  ValueEstimator(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static ValueEstimator parse(String text) {
    for (ValueEstimator v : values()) {
      if (v.label.equals(text.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown value estimator '"
            + text
            + "'; allowed: "
            + Arrays.stream(values()).map(ValueEstimator::label).toList());
  }

  /**
   * Combines the rewards of K completions into one value: alpha·log-mean-exp(r / alpha), which is the
   * maximum at alpha = 0 and the mean as alpha → ∞.
   */
  public static double softMean(double[] rewards, double alpha) {
    if (alpha == 0) {
      return Arrays.stream(rewards).max().orElseThrow();
    }
    if (Double.isInfinite(alpha)) {
      return Arrays.stream(rewards).average().orElseThrow();
    }
    double[] scaled = new double[rewards.length];
    for (int i = 0; i < rewards.length; i++) {
      scaled[i] = rewards[i] / alpha;
    }
    return alpha * (org.svdd.core.select.SoftValueSelector.logSumExp(scaled) - Math.log(rewards.length));
  }
}
