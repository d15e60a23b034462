package org.svdd.core.select;

/**
 * Chooses among candidates in proportion to exp(value / alpha), the soft-optimal policy of SVDD
 * (arXiv 2408.08252, Alg. 1, step 3). Computed with log-sum-exp so that large values never overflow.
 *
 * <p>alpha = 0 is the greedy limit: the candidate with the highest value, the first one on ties (as the
 * reference code's argmax does), with no softmax computed. alpha = +∞ chooses uniformly.
 */
public final class SoftValueSelector {
  private SoftValueSelector() {}

  /** log Σ exp(x_i), stable for any finite inputs; -∞ for an empty or all -∞ input. */
  public static double logSumExp(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  /** Normalised selection probabilities softmax(values / alpha). */
  public static double[] weights(double[] values, double alpha) {
    checkAlpha(alpha);
    double[] w = new double[values.length];
    if (alpha == 0) {
      w[argmax(values)] = 1;
      return w;
    }
    if (Double.isInfinite(alpha)) {
      java.util.Arrays.fill(w, 1.0 / values.length);
      return w;
    }
    // (v - max) / alpha, never v / alpha: for an alpha so small that v / alpha overflows (say 1e-320), every
    // positive value would become +inf and the choice a blind one; shifted, the largest stays 0 and the others
    // fall to -inf, the greedy limit the softmax tends to
    double top = largest(values);
    double shift = Double.isFinite(top) ? top : 0;
    double[] scaled = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scaled[i] = (values[i] - shift) / alpha;
    }
    return normalise(scaled);
  }

  /**
   * Probabilities proportional to exp(logWeights), computed stably, in the limits too: entries at +inf share all
   * the weight; when none is above -inf, all share it evenly; otherwise an entry that is not a number (inf - inf,
   * a log-weight summed from steps whose value / alpha overflowed) gets none.
   */
  public static double[] normalise(double[] logWeights) {
    double max = largest(logWeights);
    double[] w = new double[logWeights.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      double v = logWeights[i];
      if (max == Double.POSITIVE_INFINITY) {
        w[i] = v == max ? 1 : 0;
      } else if (max == Double.NEGATIVE_INFINITY) {
        w[i] = 1;
      } else {
        w[i] = Double.isNaN(v) ? 0 : Math.exp(v - max);
      }
      sum += w[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= sum;
    }
    return w;
  }

  /** The largest entry that is a number; -inf when there is none. */
  private static double largest(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      if (v > max) {
        max = v;
      }
    }
    return max;
  }

  /** One candidate index; {@code u} is a uniform draw in [0, 1) and is ignored when alpha = 0. */
  public static int select(double[] values, double alpha, double u) {
    checkAlpha(alpha);
    if (values.length == 0) {
      throw new IllegalArgumentException("nothing to select from");
    }
    if (alpha == 0) {
      return argmax(values);
    }
    return inverseCdf(weights(values, alpha), u);
  }

  /** Index of the largest value; the first one on ties. */
  public static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Effective sample size 1 / Σ w_i² of normalised weights: N for uniform, 1 for degenerate. */
  public static double effectiveSampleSize(double[] weights) {
    double sumSquares = 0;
    for (double w : weights) {
      sumSquares += w * w;
    }
    return 1.0 / sumSquares;
  }

  /** Index drawn from normalised weights by inverse CDF, u in [0, 1); a rounding gap goes to the last positive. */
  public static int inverseCdf(double[] weights, double u) {
    double cumulative = 0;
    int lastPositive = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        lastPositive = i;
      }
      cumulative += weights[i];
      if (u < cumulative) {
        return i;
      }
    }
    return lastPositive;
  }

  private static void checkAlpha(double alpha) {
    if (!(alpha >= 0)) {
      throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
    }
  }
}
