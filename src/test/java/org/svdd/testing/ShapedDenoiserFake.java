package org.svdd.testing;

import java.util.ArrayList;
import java.util.List;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;

/**
 * Test double of a denoiser with micro-batch shapes 1, 2 and 4, whose outputs depend on the shape as a
 * numeric library's kernels do: the {@link ContextDenoiserFake}'s logits plus a bonus that grows with
 * the shape. A row run in another shape than its job's therefore changes the samples. Records the shape
 * and row count of every call.
 */
public final class ShapedDenoiserFake implements Denoiser {
  public static final int LARGEST = 4;
  private final ContextDenoiserFake context;
  private final int classes;
  private final List<int[]> calls = new ArrayList<>();

  public ShapedDenoiserFake(double[][] probabilities) {
    this.context = new ContextDenoiserFake(probabilities);
    this.classes = probabilities[0].length;
  }

  @Override
  public float[][] predict(List<DenoiseInput> inputs) {
    return predict(inputs, LARGEST);
  }

  @Override
  public int microBatchFor(int jobRows) {
    return jobRows <= 1 ? 1 : jobRows <= 2 ? 2 : LARGEST;
  }

  @Override
  public synchronized float[][] predict(List<DenoiseInput> inputs, int microBatch) {
    if (microBatch != 1 && microBatch != 2 && microBatch != LARGEST) {
      throw new IllegalArgumentException("no shape of " + microBatch + " rows");
    }
    calls.add(new int[] {microBatch, inputs.size()});
    float[][] out = context.predict(inputs);
    for (float[] row : out) {
      for (int i = 0; i < row.length / classes; i++) {
        row[i * classes + (i + microBatch) % classes] += 0.6f * microBatch;
      }
    }
    return out;
  }

  /** (shape, rows) of every call so far. */
  public synchronized List<int[]> calls() {
    return List.copyOf(calls);
  }
}
