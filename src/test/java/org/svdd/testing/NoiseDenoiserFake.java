package org.svdd.testing;

import java.util.List;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.FloatState;

/**
 * A test noise predictor for Gaussian diffusion: ε̂ for each value depends on the row's own values, its
 * position and the time, so a row answered to the wrong particle or at the wrong time shows.
 */
public final class NoiseDenoiserFake implements Denoiser {
  @Override
  public float[][] predict(List<DenoiseInput> inputs) {
    float[][] out = new float[inputs.size()][];
    for (int r = 0; r < inputs.size(); r++) {
      FloatState x = (FloatState) inputs.get(r).state();
      double t = inputs.get(r).time();
      double mean = 0;
      for (int i = 0; i < x.length(); i++) {
        mean += x.at(i) / x.length();
      }
      float[] eps = new float[x.length()];
      for (int i = 0; i < eps.length; i++) {
        eps[i] = (float) Math.tanh(0.8 * x.at(i) - 0.3 * mean + 0.2 * Math.sin(i) * t);
      }
      out[r] = eps;
    }
    return out;
  }
}
