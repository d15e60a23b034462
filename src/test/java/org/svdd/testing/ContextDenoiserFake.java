package org.svdd.testing;

import java.util.List;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.TokenState;

/**
 * Test double: a denoiser whose logits depend on the whole input row (and on its time), so a row handed
 * back to the wrong request, or computed for the wrong time, changes the samples. logit[i][c] =
 * log p[i][c] + 0.7 · (how many positions hold class c) + 0.3 · time · [c = (i + revealed) mod classes].
 */
public final class ContextDenoiserFake implements Denoiser {
  private final double[][] p;
  private long rows;

  /** probabilities[position][class] over the clean classes. */
  public ContextDenoiserFake(double[][] probabilities) {
    this.p = probabilities;
  }

  @Override
  public synchronized float[][] predict(List<DenoiseInput> inputs) {
    int classes = p[0].length;
    float[][] out = new float[inputs.size()][];
    for (int r = 0; r < out.length; r++) {
      int[] tokens = ((TokenState) inputs.get(r).state()).tokens();
      int[] counts = new int[classes];
      int revealed = 0;
      for (int t : tokens) {
        if (t < classes) {
          counts[t]++;
          revealed++;
        }
      }
      float[] row = new float[p.length * classes];
      for (int i = 0; i < p.length; i++) {
        for (int c = 0; c < classes; c++) {
          double bonus = c == (i + revealed) % classes ? 0.3 * inputs.get(r).time() : 0;
          row[i * classes + c] = (float) (Math.log(p[i][c]) + 0.7 * counts[c] + bonus);
        }
      }
      out[r] = row;
      rows++;
    }
    return out;
  }

  public synchronized long rows() {
    return rows;
  }
}
