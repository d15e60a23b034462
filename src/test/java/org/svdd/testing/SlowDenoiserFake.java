package org.svdd.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;

/**
 * A test denoiser whose every pass takes the same time however many rows it holds, as a GPU's pass does well below
 * its capacity, without using the CPU meanwhile; it answers as {@link FactorizedDenoiserFake}. For benchmarks of
 * denoise-bound work on a machine with fewer cores than the nodes it runs.
 */
public final class SlowDenoiserFake implements Denoiser {
  private final FactorizedDenoiserFake answers;
  private final long passNanos;

  public SlowDenoiserFake(double[][] probabilities, java.time.Duration pass) {
    this.answers = new FactorizedDenoiserFake(probabilities);
    this.passNanos = pass.toNanos();
  }

  @Override
  public float[][] predict(List<DenoiseInput> inputs) {
    try {
      TimeUnit.NANOSECONDS.sleep(passNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a pass", e);
    }
    return answers.predict(inputs);
  }
}
