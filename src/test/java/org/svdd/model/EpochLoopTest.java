package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each epoch's report counts the backward passes run again and the batches left out in that epoch alone. */
class EpochLoopTest {

  @Test
  void eachEpoch_reportsItsOwnRetriedPassesAndLeftOutBatches() {
    try (Model model = Model.newInstance("loop")) {
      Linear block = Linear.builder().setUnits(1).optBias(false).build();
      block.setInitializer(new ConstantInitializer(1f), Parameter.Type.WEIGHT);
      model.setBlock(block);
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
          .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 2));
        List<MdlmTrainer.EpochReport> reports = new ArrayList<>();
        int[] passes = new int[1];
        // 3 epochs of 4 one-row batches, loss w·x = 3 (the learning rate is 0). Epoch 1: batch 1 has NaN
        // gradients in every pass (3 passes retried, left out, its loss √0 = 0). Epoch 2: batch 2 has them in
        // its first pass only (1 retried). Epoch 3: clean. √(y − y) is 0 with a NaN gradient (∞ · 0).
        EpochLoop.run(trainer, new TrainingSettings(3, 1, 0.01f, 1), 4, 0, (step, order, epoch, from, rows) -> {
          passes[0] = 0;
          return step.run(m -> {
            boolean poisoned = epoch == 0 && from == 1 || epoch == 1 && from == 2 && passes[0]++ == 0;
            ai.djl.ndarray.NDArray y = trainer.forward(new NDList(m.create(new float[] {1, 2}, new Shape(1, 2))))
                .singletonOrThrow();
            return poisoned ? y.sub(y).sqrt().sum() : y.sum();
          });
        }, null, reports::add);
        assertEquals(3, reports.size());
        assertEquals(List.of(3, 1, 0), reports.stream().map(MdlmTrainer.EpochReport::retried).toList());
        assertEquals(List.of(1, 0, 0), reports.stream().map(MdlmTrainer.EpochReport::leftOut).toList());
        assertEquals("loss 3.0000 held-out NaN", reports.get(2).summary());
        assertEquals("loss 2.2500 held-out NaN (non-finite gradients: passes retried 3, batches left out 1)",
            reports.get(0).summary());
      }
    }
  }
}
