package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.diffusion.NoiseSchedule;

/** DDPM training of the image denoiser on small striped images: the held-out loss falls. */
class DdpmTrainerTest {
  private static final int SIDE = 8;

  /** Horizontal or vertical stripes of a random phase and contrast. */
  private static float[][] images(int n, long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[][] out = new float[n][SIDE * SIDE];
    for (int k = 0; k < n; k++) {
      boolean horizontal = random.nextBoolean();
      int phase = random.nextInt(2);
      float contrast = 0.5f + 0.5f * random.nextFloat();
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int line = horizontal ? y : x;
          out[k][y * SIDE + x] = ((line + phase) % 2 == 0 ? 1 : -1) * contrast;
        }
      }
    }
    return out;
  }

  @Test
  void training_lowersTheHeldOutLoss_andReportsEveryEpoch() {
    GaussianDiffusion process = new GaussianDiffusion(SIDE * SIDE, NoiseSchedule.COSINE, 1, -1, 1);
    List<MdlmTrainer.EpochReport> reports = new ArrayList<>();
    TrainingSettings settings = new TrainingSettings(8, 16, 0.003f, 1, false, 0);
    try (Model model = DdpmTrainer.train(images(96, 1), images(32, 2), SIDE, SIDE, 8, process, settings, reports::add)) {
      assertEquals(8, reports.size());
      double first = reports.get(0).heldOutLoss();
      double last = reports.get(reports.size() - 1).heldOutLoss();
      assertTrue(Double.isFinite(first) && last < 0.8 * first, "held-out loss " + first + " -> " + last);
      double heldOutAgain = DdpmTrainer.heldOutLoss(model, images(32, 2), SIDE, SIDE, process, 1);
      assertEquals(last, heldOutAgain, 1e-4, "the returned weights are the ones last scored (the average)");
    }
  }

  @Test
  void badInput_isRefusedNamingTheProblem() {
    GaussianDiffusion process = new GaussianDiffusion(SIDE * SIDE, NoiseSchedule.COSINE, 1, -1, 1);
    TrainingSettings settings = new TrainingSettings(1, 4, 0.001f, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DdpmTrainer.train(new float[0][], new float[0][], SIDE, SIDE, 4, process, settings, r -> {}));
    assertTrue(e.getMessage().contains("no training images"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DdpmTrainer.train(images(4, 1), new float[0][], 4, 4, 4, process, settings, r -> {}));
    assertTrue(e.getMessage().contains("4 x 4"), e.getMessage());
  }
}
