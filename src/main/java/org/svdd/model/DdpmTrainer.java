package org.svdd.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.function.Consumer;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/**
 * Trains the image denoiser by DDPM's simplified objective (Ho et al. 2020, eq. 14): for a clean image
 * x_0, a time t and noise ε ~ N(0, I), the network sees x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε and t, and is fit to
 * ε by mean squared error. Times within a batch are spread evenly over (0, 1] from one random offset
 * (low-discrepancy, as the sequence trainer does); the held-out loss uses fixed times and noise, so it is
 * comparable from epoch to epoch. Optionally keeps an exponential moving average of the weights.
 */
public final class DdpmTrainer {
  /** The global gradient norm is clipped to this, as DDPM's training does. */
  static final double MAX_GRADIENT_NORM = 1.0;

  private DdpmTrainer() {}

  /**
   * @param train clean images, each {@code height × width} values in the process's data range
   * @param heldOut images scored after every epoch (may be empty)
   * @param base the U-Net's channels at full resolution
   * @return the trained network (the weight average when kept); the caller closes it
   */
  public static Model train(float[][] train, float[][] heldOut, int height, int width, int base,
      GaussianDiffusion process, TrainingSettings settings, Consumer<MdlmTrainer.EpochReport> progress) {
    return train(train, heldOut, height, width, base, process, settings, null, progress);
  }

  /**
   * As above, keeping the state after every epoch in {@code checkpoint} (when not null) and going on from the
   * state kept there ({@link TrainingCheckpoint}).
   */
  public static Model train(float[][] train, float[][] heldOut, int height, int width, int base,
      GaussianDiffusion process, TrainingSettings settings, TrainingCheckpoint checkpoint,
      Consumer<MdlmTrainer.EpochReport> progress) {
    if (train.length == 0) {
      throw new IllegalArgumentException("no training images");
    }
    if (process.length() != height * width) {
      throw new IllegalArgumentException("the process holds " + process.length() + " values, the images "
          + height + " x " + width);
    }
    Engine.getInstance().setRandomSeed((int) settings.seed());
    Model model = Model.newInstance(ModelFiles.WEIGHTS, ModelFormat.DJL.engine());
    model.setBlock(new SmallUNet(base));
    ResumableAdam adam = new ResumableAdam(EpochLoop.tracker(settings, EpochLoop.totalSteps(settings, train.length)));
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(settings.batchSize(), 1, height, width), new Shape(settings.batchSize()));
      EpochLoop.run(trainer, settings, train.length, MAX_GRADIENT_NORM, (step, order, epoch, from, rows) -> {
        RandomStream random = RandomStream.of(settings.seed(), Purpose.TRAIN, epoch, from, 2);
        double offset = random.nextDouble();
        Batch batch = Batch.of(train, order, from, rows, r -> 1 - (offset + (double) r / rows) % 1.0, process, random);
        return step.run(manager -> {
          NDArray eps = trainer.forward(batch.inputs(manager, height, width)).singletonOrThrow();
          return eps.sub(manager.create(batch.noise(), eps.getShape())).square().mean();
        });
      }, heldOut.length == 0 ? null : () -> heldOutLoss(model, heldOut, height, width, process, settings.seed()),
          checkpoint, adam, progress);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** Held-out images scored per forward pass (bounds the memory of the held-out loss). */
  static final int HELD_OUT_BATCH = 64;

  /**
   * The objective on held-out images at stratified times with noise fixed by the seed, without gradients,
   * in passes of {@link #HELD_OUT_BATCH} images.
   */
  static double heldOutLoss(Model model, float[][] heldOut, int height, int width, GaussianDiffusion process, long seed) {
    int[] all = new int[heldOut.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    RandomStream random = RandomStream.of(seed, Purpose.TRAIN, -1);
    double squares = 0;
    for (int from = 0; from < all.length; from += HELD_OUT_BATCH) {
      int rows = Math.min(HELD_OUT_BATCH, all.length - from);
      int first = from;
      Batch batch = Batch.of(heldOut, all, from, rows, r -> 1 - (first + r + 0.5) / all.length, process, random);
      try (NDManager manager = model.getNDManager().newSubManager()) {
        NDArray eps = model.getBlock().forward(new ParameterStore(manager, false), batch.inputs(manager, height, width),
            false).singletonOrThrow();
        squares += eps.sub(manager.create(batch.noise(), eps.getShape())).square().sum().getFloat();
      }
    }
    return squares / ((double) all.length * height * width);
  }

  /** Noised images with their times and noise, flattened row by row. */
  private record Batch(int rows, float[] noisy, float[] times, float[] noise) {
    static Batch of(float[][] images, int[] order, int from, int rows, java.util.function.IntToDoubleFunction time,
        GaussianDiffusion process, RandomStream random) {
      int size = process.length();
      float[] noisy = new float[rows * size];
      float[] noise = new float[rows * size];
      float[] times = new float[rows];
      for (int r = 0; r < rows; r++) {
        double t = time.applyAsDouble(r);
        GaussianDiffusion.Noised n = process.noise(new FloatState(images[order[from + r]], 0), t, random);
        System.arraycopy(n.noisy().values(), 0, noisy, r * size, size);
        System.arraycopy(n.noise(), 0, noise, r * size, size);
        times[r] = (float) t;
      }
      return new Batch(rows, noisy, times, noise);
    }

    NDList inputs(NDManager manager, int height, int width) {
      return new NDList(manager.create(noisy, new Shape(rows, 1, height, width)), manager.create(times));
    }
  }
}
