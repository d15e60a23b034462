package org.svdd.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.FloatState;

/**
 * Runs a noise-predicting image network (inputs x_t [B, 1, H, W] and t [B], output ε̂ [B, 1, H, W]) on
 * float states. As {@link DjlDenoiser} does for sequences, rows always go through in micro-batches of one
 * fixed shape (the last padded with blank images at t = 1) and outputs are rounded by the
 * {@link Quantizer}: the same seed then gives the same image whatever the batching. The shape matters
 * more than the rounding here: on the U-Net, passes of 1–3 rows changed nearly every output value
 * against passes of 16, while passes of 4 rows and more gave identical bits; so the micro-batch is at
 * least {@link #MIN_MICRO_BATCH}; a small job runs passes of the smallest power of two from there that
 * holds its rows per round (see {@link DjlDenoiser}).
 */
public final class FloatDenoiser implements Denoiser {
  /** The smallest micro-batch whose outputs matched larger ones bit for bit (measured on the U-Net). */
  public static final int MIN_MICRO_BATCH = 4;
  private final Model model;
  private final int height;
  private final int width;
  private final int microBatch;

  public FloatDenoiser(Model model, int height, int width, int microBatch) {
    if (microBatch < MIN_MICRO_BATCH) {
      throw new IllegalArgumentException("an image denoiser's micro-batch must be at least " + MIN_MICRO_BATCH
          + " (smaller passes change its outputs), got " + microBatch);
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image sides must be positive, got " + height + " x " + width);
    }
    this.model = model;
    this.height = height;
    this.width = width;
    this.microBatch = microBatch;
  }

  @Override
  public float[][] predict(List<DenoiseInput> inputs) {
    return predict(inputs, microBatch);
  }

  @Override
  public int microBatchFor(int jobRows) {
    return Shapes.forJob(jobRows, MIN_MICRO_BATCH, microBatch);
  }

  @Override
  public float[][] predict(List<DenoiseInput> inputs, int microBatch) {
    Shapes.check(microBatch, MIN_MICRO_BATCH, this.microBatch);
    int pixels = height * width;
    float[][] out = new float[inputs.size()][];
    for (int from = 0; from < inputs.size(); from += microBatch) {
      int rows = Math.min(microBatch, inputs.size() - from);
      float[] x = new float[microBatch * pixels];
      float[] t = new float[microBatch];
      java.util.Arrays.fill(t, 1f);
      for (int r = 0; r < rows; r++) {
        DenoiseInput input = inputs.get(from + r);
        if (!(input.state() instanceof FloatState state) || state.length() != pixels) {
          throw new IllegalArgumentException("the image denoiser reads float states of " + pixels + " values ("
              + height + " x " + width + "), got " + input.state());
        }
        System.arraycopy(state.values(), 0, x, r * pixels, pixels);
        t[r] = (float) input.time();
      }
      float[] eps = forward(x, t, microBatch);
      for (int r = 0; r < rows; r++) {
        out[from + r] = Quantizer.row(eps, r * pixels, pixels);
      }
    }
    return out;
  }

  private float[] forward(float[] x, float[] t, int microBatch) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray images = manager.create(x, new Shape(microBatch, 1, height, width));
      NDArray times = manager.create(t);
      NDList y = model.getBlock().forward(new ParameterStore(manager, false), new NDList(images, times), false);
      NDArray eps = y.singletonOrThrow();
      if (!eps.getShape().equals(images.getShape())) {
        throw new InvalidModelException("image model output has shape " + eps.getShape() + ", expected " + images.getShape());
      }
      return eps.toType(DataType.FLOAT32, false).toFloatArray();
    }
  }
}
