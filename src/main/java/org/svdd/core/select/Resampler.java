package org.svdd.core.select;

import org.svdd.core.random.RandomStream;

/**
 * Population resampling schemes: given normalised weights, the ancestor index of each of n offspring.
 * Multinomial draws n independent ancestors (the SVDD reference's SMC baseline); systematic uses one
 * uniform and n evenly spaced points, which has lower variance and is standard in SMC practice.
 */
public enum Resampler {
  MULTINOMIAL {
    @Override
    public int[] ancestors(double[] weights, int n, RandomStream random) {
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = SoftValueSelector.inverseCdf(weights, random.nextDouble());
      }
      return out;
    }
  },
  SYSTEMATIC {
    @Override
    public int[] ancestors(double[] weights, int n, RandomStream random) {
      int[] out = new int[n];
      double u = random.nextDouble() / n;
      double cumulative = weights[0];
      int j = 0;
      for (int i = 0; i < n; i++) {
        double point = u + (double) i / n;
        while (point >= cumulative && j < weights.length - 1) {
          j++;
          cumulative += weights[j];
        }
        out[i] = j;
      }
      return out;
    }
  };

  /** Ancestor index for each of {@code n} offspring. */
  public abstract int[] ancestors(double[] weights, int n, RandomStream random);
}
