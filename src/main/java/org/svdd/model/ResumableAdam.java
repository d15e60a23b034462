package org.svdd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba, arXiv 1412.6980) whose state can be read and put back, so that a training stopped after an
 * epoch goes on exactly as if it had not stopped: the moments of every parameter and the step count, which the
 * bias correction and the learning-rate schedule both read. The update is DJL's fused one, with DJL's defaults
 * (β₁ 0.9, β₂ 0.999, ε 1e-8), so a run trains as it did with {@code Optimizer.adam()}.
 */
final class ResumableAdam extends Optimizer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  private final ParameterTracker learningRate;
  private final Map<String, NDArray> means = new HashMap<>();
  private final Map<String, NDArray> variances = new HashMap<>();
  /** Updates of each parameter since {@link #begun}. */
  private final Map<String, Integer> updates = new HashMap<>();
  /** Steps taken before this run (a restored count). */
  private int begun;
  /** The latest step number: the most updates of any parameter, plus {@link #begun}. */
  private int step;

  ResumableAdam(ParameterTracker learningRate) {
    super(new Builder());
    this.learningRate = learningRate;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    step = Math.max(step, begun + updates.merge(parameterId, 1, Integer::sum));
    double correction1 = 1 - Math.pow(BETA1, step);
    double correction2 = 1 - Math.pow(BETA2, step);
    float rate = learningRate.getNewValue(parameterId, step);
    float corrected = (float) (rate * Math.sqrt(correction2) / correction1);
    if (!Float.isFinite(corrected)) {
      throw new IllegalStateException("the learning rate is not finite at step " + step + ": " + corrected);
    }
    NDList inputs = new NDList(weight, grad, means.computeIfAbsent(parameterId, k -> weight.zerosLike()),
        variances.computeIfAbsent(parameterId, k -> weight.zerosLike()));
    weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), rate, corrected, getWeightDecay(), rescaleGrad,
        clipGrad, BETA1, BETA2, EPSILON, true, false);
  }

  /** Steps taken, counting those before a restore. */
  int steps() {
    return step;
  }

  /** The first moment of a parameter, or null before its first update. */
  NDArray mean(String parameterId) {
    return means.get(parameterId);
  }

  /** The second moment of a parameter, or null before its first update. */
  NDArray variance(String parameterId) {
    return variances.get(parameterId);
  }

  /** Puts back a parameter's moments (kept by this optimiser from now on; the caller no longer closes them). */
  void restore(String parameterId, NDArray mean, NDArray variance) {
    means.put(parameterId, mean);
    variances.put(parameterId, variance);
  }

  /** Goes on from step {@code steps}: the next update is step {@code steps + 1}. */
  void restoreSteps(int steps) {
    begun = steps;
    step = steps;
    updates.clear();
  }

  /** DJL's builder carries the base class's settings; this optimiser uses their defaults. */
  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
