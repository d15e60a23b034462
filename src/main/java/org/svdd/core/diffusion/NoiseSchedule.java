package org.svdd.core.diffusion;

/**
 * ᾱ(t), the signal kept at diffusion time t in [0, 1] by a variance-preserving Gaussian process
 * (x_t = √ᾱ x_0 + √(1−ᾱ) ε), with ᾱ(0) = 1. Values are kept in [{@link #MIN_ALPHA_BAR}, 1] so that
 * the clean estimate stays finite at t = 1.
 */
public enum NoiseSchedule {
  /** Nichol and Dhariwal 2021 ("Improved DDPM", eq. 17), offset s = 0.008. */
  COSINE {
    @Override
    double raw(double t) {
      double s = 0.008;
      double f = Math.cos((t + s) / (1 + s) * Math.PI / 2);
      double f0 = Math.cos(s / (1 + s) * Math.PI / 2);
      return f * f / (f0 * f0);
    }
  },
  /**
   * Ho et al. 2020 (DDPM): β rising linearly from 1e-4 to 0.02 over 1,000 steps, in continuous time:
   * ᾱ(t) = exp(−∫₀ᵗ 1000·β(u) du).
   */
  LINEAR {
    @Override
    double raw(double t) {
      double b0 = 1e-4 * 1000;
      double b1 = 0.02 * 1000;
      return Math.exp(-(b0 * t + 0.5 * (b1 - b0) * t * t));
    }
  };

  /** The floor of ᾱ: the cosine schedule reaches 0 at t = 1, where x̂_0 would divide by √ᾱ. */
  public static final double MIN_ALPHA_BAR = 1e-5;

  abstract double raw(double t);

  /** ᾱ(t) for t in [0, 1]. */
  public double alphaBar(double t) {
    if (!(t >= 0 && t <= 1)) {
      throw new IllegalArgumentException("diffusion time must be in [0, 1], got " + t);
    }
    return t == 0 ? 1 : Math.min(1, Math.max(MIN_ALPHA_BAR, raw(t)));
  }
}
