package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** A step whose backward pass gave non-finite gradients is run again, never applied; clipping scales. */
class GuardedStepTest {

  private static Model linear() {
    Model model = Model.newInstance("guarded");
    Linear block = Linear.builder().setUnits(1).optBias(false).build();
    block.setInitializer(new ConstantInitializer(1f), Parameter.Type.WEIGHT);
    model.setBlock(block);
    return model;
  }

  private static Trainer sgd(Model model) {
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1f)).build());
    Trainer trainer = model.newTrainer(config);
    trainer.initialize(new Shape(1, 2));
    return trainer;
  }

  /** The loss w·x on x = (1, 2), times {@code factor} (NaN or infinity poisons every gradient). */
  private static java.util.function.Function<ai.djl.ndarray.NDManager, NDArray> lossTimes(Trainer trainer, float factor) {
    return m -> trainer.forward(new NDList(m.create(new float[] {1, 2}, new Shape(1, 2)))).singletonOrThrow()
        .mul(m.create(factor)).sum();
  }

  private static float[] weights(Model model) {
    return model.getBlock().getParameters().valueAt(0).getArray().toFloatArray();
  }

  @Test
  void aPassWithNaNGradients_isRepeated_andOnlyTheCleanOneIsApplied() {
    try (Model model = linear(); Trainer trainer = sgd(model)) {
      GuardedStep step = new GuardedStep(trainer, 0);
      int[] passes = {0};
      double loss = step.run(m -> {
        NDArray y = trainer.forward(new NDList(m.create(new float[] {1, 2}, new Shape(1, 2)))).singletonOrThrow();
        // the first pass poisons the gradient (0 × NaN is NaN), the second is clean: d(y)/dw = x
        float poison = passes[0]++ == 0 ? Float.NaN : 1f;
        return y.mul(m.create(poison)).sum();
      });
      assertEquals(2, passes[0], "the batch ran twice");
      assertEquals(1, step.repeated());
      assertEquals(3.0, loss, 1e-6, "the clean pass's loss (1·1 + 1·2)");
      assertArrayEquals(new float[] {0, -1}, weights(model), 1e-6f, "w − x, with no NaN carried over");
    }
  }

  @Test
  void aBatchWhosePassesAllFail_isLeftOut_andThreeInARowStopTrainingWithAClearError() {
    try (Model model = linear(); Trainer trainer = sgd(model)) {
      GuardedStep step = new GuardedStep(trainer, 0);
      java.util.function.Function<ai.djl.ndarray.NDManager, NDArray> poisoned = lossTimes(trainer, Float.POSITIVE_INFINITY);
      step.run(poisoned);
      step.run(poisoned);
      assertEquals(2, step.skipped(), "two batches left out");
      assertEquals(6, step.repeated(), "each after three passes");
      assertArrayEquals(new float[] {1, 1}, weights(model), 0f, "no step taken");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> step.run(poisoned));
      assertTrue(e.getMessage().contains("not finite in 3 backward passes over each of 3 batches in a row"), e.getMessage());
      assertArrayEquals(new float[] {1, 1}, weights(model), 0f);
    }
  }

  @Test
  void aCleanBatch_resetsTheRunOfLeftOutOnes() {
    try (Model model = linear(); Trainer trainer = sgd(model)) {
      GuardedStep step = new GuardedStep(trainer, 0);
      java.util.function.Function<ai.djl.ndarray.NDManager, NDArray> poisoned = lossTimes(trainer, Float.NaN);
      java.util.function.Function<ai.djl.ndarray.NDManager, NDArray> clean = lossTimes(trainer, 1f);
      for (int round = 0; round < 3; round++) {
        step.run(poisoned);
        step.run(poisoned);
        step.run(clean);
      }
      assertEquals(6, step.skipped(), "never three in a row, so training went on");
      assertArrayEquals(new float[] {-2, -5}, weights(model), 1e-6f, "three clean steps of w − x");
    }
  }

  /** Finite gradients whose squares overflow a float are clipped, not taken for non-finite ones. */
  @Test
  void hugeFiniteGradients_areClipped_notRepeated() {
    try (Model model = linear(); Trainer trainer = sgd(model)) {
      GuardedStep step = new GuardedStep(trainer, 1.0);
      step.run(m -> trainer.forward(new NDList(m.create(new float[] {3e30f, 4e30f}, new Shape(1, 2)))).singletonOrThrow().sum());
      assertEquals(0, step.repeated(), "gradient (3e30, 4e30) is finite: its norm 5e30 overflows only in float squares");
      assertArrayEquals(new float[] {0.4f, 0.2f}, weights(model), 1e-6f, "scaled to (0.6, 0.8)");
    }
  }

  @Test
  void theGlobalNormIsClipped() {
    try (Model model = linear(); Trainer trainer = sgd(model)) {
      GuardedStep step = new GuardedStep(trainer, 1.0);
      step.run(m -> trainer.forward(new NDList(m.create(new float[] {3, 4}, new Shape(1, 2)))).singletonOrThrow().sum());
      // gradient (3, 4) has norm 5: scaled to (0.6, 0.8)
      assertArrayEquals(new float[] {0.4f, 0.2f}, weights(model), 1e-6f);
    }
  }
}
