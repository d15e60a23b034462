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
 * for a batch whose forward pass and loss are finite, and the same pass run again is clean: about one
 * backward pass in a thousand on the image U-Net, entering at a different layer each time, with batch
 * norm or with our group norm alike. Adam would carry the NaN into every weight for good. So the step
 * measures the gradients' norm and, when it is not finite, clears them and runs the batch again.
 */
final class GuardedStep {
  /** Passes over one batch before giving up. */
  static final int TRIES = 3;
  private final Trainer trainer;
  private final double maxNorm;
  private int repeated;

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
        return value;
      }
      clearGradients();
      repeated++;
      if (attempt == TRIES) {
        throw new IllegalStateException("the gradients were not finite in " + TRIES
            + " backward passes over the same batch (loss " + value + "); try a lower learning rate");
      }
    }
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
