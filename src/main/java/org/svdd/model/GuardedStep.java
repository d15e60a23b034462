package org.svdd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.util.function.Function;

/**
 * One optimiser step that lets no non-finite gradient into the weights, with optional clipping of the
 * global gradient norm (DDPM clips at 1, Ho et al. 2020).
 *
 * <p>On the libtorch this project runs (2.7.1, CPU), a backward pass now and then returns NaN gradients
 * for a batch whose forward pass and loss are finite, and the same pass run again is clean. Most of these
 * came from oneDNN's convolution backward pass when a convolution's filters leave a channel block
 * part-filled, which {@link AlignedConvolution} now avoids: on the image U-Net (base 8, 8 × 8 images,
 * AMD EPYC family 26) repeated passes fell from 28 and 35 in 2,000 steps to 1 and 3. The rest (NaN entering
 * at a group norm or the time embedding's path) is not traced. Adam would carry a NaN into every weight for
 * good, so the step measures the gradients' norm and, when it is not finite, clears them and runs the batch
 * again. A batch whose {@link #TRIES} passes all fail is left out, without an optimiser step, as
 * mixed-precision loss scaling skips a step; training stops with a clear error only when
 * {@link #SKIPS_IN_A_ROW} batches in a row are left out.
 */
final class GuardedStep {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GuardedStep.class);
  /** Passes over one batch before giving up. */
  static final int TRIES = 3;
  private final Trainer trainer;
  private final double maxNorm;
  /** Batches in a row without finite gradients before training stops. */
  static final int SKIPS_IN_A_ROW = 3;
  private int repeated;
  private int skipped;
  private int skippedInARow;

  /** @param maxNorm clip the global gradient norm to this (0: no clipping) */
  GuardedStep(Trainer trainer, double maxNorm) {
    this.trainer = trainer;
    this.maxNorm = maxNorm;
  }

  /**
   * Runs the loss forward and backward, checks the gradients, steps the optimiser.
   *
   * @param loss builds the scalar loss of the batch with arrays of the given manager
   * @return the loss of the pass that was applied
   */
  double run(Function<NDManager, NDArray> loss) {
    for (int attempt = 1; ; attempt++) {
      double value;
      try (NDManager manager = trainer.getManager().newSubManager();
          GradientCollector collector = trainer.newGradientCollector()) {
        NDArray l = loss.apply(manager);
        collector.backward(l);
        value = l.getFloat();
      }
      double norm = gradientNorm();
      if (Double.isFinite(norm)) {
        if (maxNorm > 0 && norm > maxNorm) {
          scaleGradients(maxNorm / norm);
        }
        trainer.step();
        skippedInARow = 0;
        return value;
      }
      clearGradients();
      repeated++;
      if (attempt == TRIES) {
        if (++skippedInARow == SKIPS_IN_A_ROW) {
          throw new IllegalStateException("the gradients were not finite in " + TRIES + " backward passes over each of "
              + SKIPS_IN_A_ROW + " batches in a row (last loss " + value + "); try a lower learning rate");
        }
        skipped++;
        LOG.warn("batch left out: its gradients were not finite in {} backward passes (loss {})", TRIES, value);
        return value;
      }
    }
  }

  /** Batches left out (no optimiser step) because none of their passes gave finite gradients. */
  int skipped() {
    return skipped;
  }

  /** Backward passes run again because their gradients were not finite. */
  int repeated() {
    return repeated;
  }

  /**
   * The L2 norm of all gradients together (NaN or infinite when any gradient is). Summed in double over
   * each gradient scaled by its largest magnitude, so finite gradients too large to square in float
   * (above ~1e19) still give a finite norm, to be clipped, instead of passing for non-finite ones.
   */
  double gradientNorm() {
    double squares = 0;
    try (NDManager scratch = trainer.getManager().newSubManager()) {
      for (NDArray gradient : gradients(scratch)) {
        double largest = gradient.abs().max().getFloat();
        if (!Double.isFinite(largest)) {
          return largest;
        }
        if (largest > 0) {
          squares += largest * largest * gradient.div((float) largest).square().sum().getFloat();
        }
      }
    }
    return Math.sqrt(squares);
  }

  private void scaleGradients(double factor) {
    try (NDManager scratch = trainer.getManager().newSubManager()) {
      for (NDArray gradient : gradients(scratch)) {
        gradient.muli(factor);
      }
    }
  }

  private void clearGradients() {
    try (NDManager scratch = trainer.getManager().newSubManager()) {
      for (NDArray gradient : gradients(scratch)) {
        gradient.set(new NDIndex("..."), 0);
      }
    }
  }

  /** Views of the parameters' gradients, owned by {@code scratch} (closing them keeps the gradients). */
  private java.util.List<NDArray> gradients(NDManager scratch) {
    java.util.List<NDArray> out = new java.util.ArrayList<>();
    for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
      NDArray array = p.getValue().getArray();
      if (p.getValue().requiresGradient() && array.hasGradient()) {
        NDArray gradient = array.getGradient();
        gradient.attach(scratch);
        out.add(gradient);
      }
    }
    return out;
  }
}
