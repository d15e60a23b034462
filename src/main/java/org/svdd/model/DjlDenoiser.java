package org.svdd.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.TokenState;

/**
 * Runs the network on token states. Batch invariance, which reproducible sampling needs, is made in two
 * ways: a job's rows always go through the network in micro-batches of one fixed shape (the last padded
 * with fully masked rows), so the same kernels run whatever the request count; and logits are rounded by
 * the {@link Quantizer} before they leave. The shape is the smallest power of two that holds the job's
 * rows per round, up to the configured micro-batch: a one-particle job runs passes of a few rows, not of
 * sixteen (smaller shapes change some rows by a quantum against larger ones, so the shape must come from
 * the job, not from how many rows happen to be queued). Every NDArray lives in a sub-manager closed
 * before the call returns.
 */
final class DjlDenoiser implements Denoiser {
  private final Model model;
  private final int maskToken;
  private final int classes;
  private final int length;
  private final int microBatch;

  DjlDenoiser(Model model, int maskToken, int classes, int length, int microBatch) {
    if (microBatch < 1) {
      throw new IllegalArgumentException("micro-batch must be at least 1, got " + microBatch);
    }
    this.model = model;
    this.maskToken = maskToken;
    this.classes = classes;
    this.length = length;
    this.microBatch = microBatch;
  }

  @Override
  public float[][] predict(List<DenoiseInput> inputs) {
    return predict(inputs, microBatch);
  }

  @Override
  public int microBatchFor(int jobRows) {
    return Shapes.forJob(jobRows, 1, microBatch);
  }

  @Override
  public float[][] predict(List<DenoiseInput> inputs, int microBatch) {
    Shapes.check(microBatch, 1, this.microBatch);
    float[][] out = new float[inputs.size()][];
    for (int from = 0; from < inputs.size(); from += microBatch) {
      int rows = Math.min(microBatch, inputs.size() - from);
      long[] ids = new long[microBatch * length];
      java.util.Arrays.fill(ids, maskToken);
      for (int r = 0; r < rows; r++) {
        TokenState state = (TokenState) inputs.get(from + r).state();
        if (state.length() != length) {
          throw new IllegalArgumentException("state has " + state.length() + " tokens, the model reads " + length);
        }
        for (int i = 0; i < length; i++) {
          ids[r * length + i] = state.at(i);
        }
      }
      float[] logits = forward(ids, microBatch);
      int width = length * classes;
      for (int r = 0; r < rows; r++) {
        out[from + r] = Quantizer.row(logits, r * width, width);
      }
    }
    return out;
  }

  private float[] forward(long[] ids, int microBatch) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray x = manager.create(ids, new Shape(microBatch, length));
      NDList y = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false);
      NDArray logits = y.get(0);
      long[] shape = logits.getShape().getShape();
      boolean withMaskColumn = shape.length == 3 && shape[2] == classes + 1;
      if (shape.length != 3 || shape[0] != microBatch || shape[1] != length || (shape[2] != classes && !withMaskColumn)) {
        throw new InvalidModelException("model output has shape " + logits.getShape() + ", expected ("
            + microBatch + ", " + length + ", " + classes + ") or, MDLM's convention with the mask column last, ("
            + microBatch + ", " + length + ", " + (classes + 1) + ")");
      }
      if (withMaskColumn) {
        logits = logits.get(":, :, :" + classes);
      }
      return logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).duplicate().toFloatArray();
    }
  }
}
