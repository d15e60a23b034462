package org.svdd.testing;

import java.util.List;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;

/**
 * Test double: a denoiser whose prediction ignores the context, so the pre-trained distribution is the
 * product of fixed per-position categoricals and can be enumerated exactly.
 */
public final class FactorizedDenoiserFake implements Denoiser {
  private final float[] logits;
  private int calls;
  private long rows;

  /** probabilities[position][class] over the clean classes. */
  public FactorizedDenoiserFake(double[][] probabilities) {
    int classes = probabilities[0].length;
    logits = new float[probabilities.length * classes];
    for (int i = 0; i < probabilities.length; i++) {
      for (int c = 0; c < classes; c++) {
        logits[i * classes + c] = (float) Math.log(probabilities[i][c]);
      }
    }
  }

  @Override
  public synchronized float[][] predict(List<DenoiseInput> inputs) {
    calls++;
    rows += inputs.size();
    float[][] out = new float[inputs.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = logits.clone();
    }
    return out;
  }

  public synchronized int calls() {
    return calls;
  }

  public synchronized long rows() {
    return rows;
  }
}
