package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.diffusion.NoiseSchedule;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/** The image denoiser's network: ε̂ has the image's shape, and ε-prediction training lowers its loss. */
class SmallUNetTest {
  private static final int SIDE = 8;
  private static final int BATCH = 8;

  @Test
  void epsilonPrediction_trainsOnAFixedBatch_andKeepsTheImageShape() {
    GaussianDiffusion process = new GaussianDiffusion(SIDE * SIDE, NoiseSchedule.COSINE, 1, -1, 1);
    float[] noisy = new float[BATCH * SIDE * SIDE];
    float[] noise = new float[BATCH * SIDE * SIDE];
    float[] times = new float[BATCH];
    for (int b = 0; b < BATCH; b++) {
      float[] clean = new float[SIDE * SIDE];
      for (int i = 0; i < clean.length; i++) {
        clean[i] = (i / SIDE + b) % 2 == 0 ? 0.8f : -0.8f;
      }
      times[b] = (b + 0.5f) / BATCH;
      GaussianDiffusion.Noised n = process.noise(new FloatState(clean, 0), times[b], RandomStream.of(3, Purpose.PRIOR, b));
      System.arraycopy(n.noisy().values(), 0, noisy, b * clean.length, clean.length);
      System.arraycopy(n.noise(), 0, noise, b * clean.length, clean.length);
    }
    try (Model model = Model.newInstance("unet-test")) {
      model.setBlock(new SmallUNet(8));
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        Shape image = new Shape(BATCH, 1, SIDE, SIDE);
        trainer.initialize(image, new Shape(BATCH));
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 40; step++) {
          try (NDManager m = trainer.getManager().newSubManager();
              GradientCollector collector = trainer.newGradientCollector()) {
            NDArray x = m.create(noisy, image);
            NDArray t = m.create(times);
            NDArray out = trainer.forward(new NDList(x, t)).singletonOrThrow();
            assertArrayEquals(image.getShape(), out.getShape().getShape(), "ε̂ has the image's shape");
            NDArray loss = out.sub(m.create(noise, image)).square().mean();
            collector.backward(loss);
            trainer.step();
            double value = loss.getFloat();
            first = step == 0 ? value : first;
            last = value;
          }
        }
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
      }
    }
  }

  @Test
  void sidesNotDivisibleByFour_areRefused() {
    try (Model model = Model.newInstance("unet-test")) {
      SmallUNet net = new SmallUNet(4);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 10, 10), new Shape(1)));
      assertTrue(e.getMessage().contains("divisible by 4"), e.getMessage());
    }
  }
}
