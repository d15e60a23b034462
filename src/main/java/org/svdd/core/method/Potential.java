package org.svdd.core.method;

import java.util.Arrays;
import java.util.Locale;

/**
 * The potential of Feynman–Kac steering (Singhal et al., arXiv 2501.06848): what a particle's resampling
 * weight is made of, from the values v_s of the states along its lineage, at temperature alpha. A
 * particle's log-weight holds the running statistic.
 *
 * <ul>
 *   <li>{@code difference}: log G = (v_t − v_{t_r}) / alpha since the last resampling t_r, reset when the
 *       population is resampled; the potentials telescope to exp(r(x_0) / alpha), which is plain SMC.
 *   <li>{@code max}: log G = max_s v_s / alpha over the lineage so far, kept across resampling: a particle
 *       that once looked good keeps its chance.
 *   <li>{@code sum}: log G = Σ_s v_s / alpha over the lineage so far, kept across resampling: rewards a
 *       lineage that stays good.
 * </ul>
 */
public enum Potential {
  DIFFERENCE("difference"),
  MAX("max"),
  SUM("sum");

  private final String label;

  Potential(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Potential parse(String text) {
    for (Potential p : values()) {
      if (p.label.equals(text.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown potential '" + text + "'; allowed: "
        + Arrays.stream(values()).map(Potential::label).toList());
  }

  /**
   * The log-weight after a step valued {@code value}, from the parent's log-weight and value;
   * {@code first} when the parent is the prior (no value along the lineage yet).
   */
  double next(double logWeight, double parentValue, double value, double alpha, boolean first) {
    return switch (this) {
      case DIFFERENCE -> logWeight + (value - parentValue) / alpha;
      case MAX -> first ? value / alpha : Math.max(logWeight, value / alpha);
      case SUM -> logWeight + value / alpha;
    };
  }

  /** Whether resampling resets the log-weight (the difference potential) or the lineage keeps it. */
  boolean resetOnResample() {
    return this == DIFFERENCE;
  }
}
