package org.svdd.core.diffusion;

import org.svdd.core.random.RandomStream;

/**
 * Variance-preserving Gaussian diffusion over a {@link FloatState}, x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε, with a
 * denoiser that predicts the noise ε̂ (one value per position): DDPM's training targets (Ho et al. 2020)
 * and DDIM sampling with stochasticity η (Song, Meng and Ermon 2021, eq. 12), where η = 1 is DDPM's
 * ancestral step — what SVDD's image experiments run (arXiv 2408.08252, Sec. 7) — and η = 0 is
 * deterministic given x_T. Steps go from t_0 = 1 to t_T = 0 as for masked diffusion.
 *
 * <p>The clean estimate (the PM value's x̂_0) is (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t clipped to the data range; a
 * step continues from the clipped x̂_0 with the noise it implies, so the two stay consistent. A jump
 * straight to t = 0 is the DDIM update whose noise vanishes there (ᾱ_0 = 1), so the one-jump
 * completion for rollout values is x̂_0 itself.
 */
public final class GaussianDiffusion implements DiffusionProcess {
  private final int length;
  private final NoiseSchedule schedule;
  private final double eta;
  private final float low;
  private final float high;

  /**
   * @param length values per state
   * @param eta DDIM stochasticity in [0, 1] (1: DDPM)
   * @param low lowest data value (x̂_0 is clipped to [low, high])
   */
  public GaussianDiffusion(int length, NoiseSchedule schedule, double eta, float low, float high) {
    if (length <= 0) {
      throw new IllegalArgumentException("state length must be positive: " + length);
    }
    if (!(eta >= 0 && eta <= 1)) {
      throw new IllegalArgumentException("eta must be in [0, 1], got " + eta);
    }
    if (!(low < high)) {
      throw new IllegalArgumentException("the data range needs low < high, got [" + low + ", " + high + "]");
    }
    this.length = length;
    this.schedule = schedule;
    this.eta = eta;
    this.low = low;
    this.high = high;
  }

  public int length() {
    return length;
  }

  public NoiseSchedule schedule() {
    return schedule;
  }

  @Override
  public State prior(RandomStream random) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return new FloatState(x, 1);
  }

  @Override
  public double time(int step, int steps) {
    return (double) (steps - step) / steps;
  }

  /** A training pair: x_t noised from {@code clean} at time t with the noise drawn, and that noise. */
  public record Noised(FloatState noisy, float[] noise) {}

  /** Forward noising for DDPM training: x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε, ε ~ N(0, I). */
  public Noised noise(FloatState clean, double t, RandomStream random) {
    float[] eps = new float[length];
    for (int i = 0; i < length; i++) {
      eps[i] = (float) random.nextGaussian();
    }
    return new Noised(noiseWith(clean, t, eps), eps);
  }

  /** x_t from a clean state and a given noise. */
  public FloatState noiseWith(FloatState clean, double t, float[] eps) {
    check(clean);
    checkPrediction(eps);
    double a = schedule.alphaBar(t);
    double sa = Math.sqrt(a);
    double sn = Math.sqrt(1 - a);
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) (sa * clean.at(i) + sn * eps[i]);
    }
    return new FloatState(x, t);
  }

  @Override
  public State reverseStep(State noisy, float[] prediction, int step, int steps, RandomStream random) {
    FloatState x = check(noisy);
    checkPrediction(prediction);
    double s = time(step + 1, steps);
    float[] x0 = clipped(x, prediction);
    if (s == 0) {
      return new FloatState(x0, 0);
    }
    double at = schedule.alphaBar(x.time());
    double as = schedule.alphaBar(s);
    double sigma = eta * Math.sqrt((1 - as) / (1 - at)) * Math.sqrt(Math.max(0, 1 - at / as));
    double direction = Math.sqrt(Math.max(0, 1 - as - sigma * sigma));
    double sat = Math.sqrt(at);
    double snt = Math.sqrt(1 - at);
    double sas = Math.sqrt(as);
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      double eps = (x.at(i) - sat * x0[i]) / snt;
      double z = sigma > 0 ? random.nextGaussian() : 0;
      out[i] = (float) (sas * x0[i] + direction * eps + sigma * z);
    }
    return new FloatState(out, s);
  }

  @Override
  public State cleanEstimate(State noisy, float[] prediction) {
    FloatState x = check(noisy);
    if (x.clean()) {
      return x;
    }
    checkPrediction(prediction);
    return new FloatState(clipped(x, prediction), 0);
  }

  @Override
  public State sampleClean(State noisy, float[] prediction, RandomStream random) {
    return cleanEstimate(noisy, prediction);
  }

  @Override
  public boolean isClean(State state) {
    return check(state).clean();
  }

  private float[] clipped(FloatState x, float[] eps) {
    double a = schedule.alphaBar(x.time());
    double sa = Math.sqrt(a);
    double sn = Math.sqrt(1 - a);
    float[] x0 = new float[length];
    for (int i = 0; i < length; i++) {
      double v = (x.at(i) - sn * eps[i]) / sa;
      x0[i] = (float) Math.min(high, Math.max(low, v));
    }
    return x0;
  }

  private FloatState check(State state) {
    if (!(state instanceof FloatState f)) {
      throw new IllegalArgumentException("Gaussian diffusion runs on float states, got " + state.getClass().getSimpleName());
    }
    if (f.length() != length) {
      throw new IllegalArgumentException("state has " + f.length() + " values, the process has " + length);
    }
    return f;
  }

  private void checkPrediction(float[] prediction) {
    if (prediction.length != length) {
      throw new IllegalArgumentException("noise prediction has " + prediction.length + " values, expected " + length);
    }
  }
}
