package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.diffusion.NoiseSchedule;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/** A Gaussian image model saved and loaded back: same process, same predictions; bad files are named. */
class ImageModelFilesTest {
  @TempDir Path dir;
  private final ImageNetwork network = new ImageNetwork(8, 8, 4, NoiseSchedule.COSINE);

  private float[][] images(int n) {
    float[][] out = new float[n][64];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < 64; i++) {
        out[k][i] = ((i / 8 + k) % 2 == 0) ? 0.7f : -0.7f;
      }
    }
    return out;
  }

  @Test
  void savedImageModel_loadsWithItsProcess_andPredictsAsTrained() throws IOException {
    GaussianDiffusion process = network.process();
    List<DenoiseInput> inputs = List.of(new DenoiseInput(process.prior(RandomStream.of(1, Purpose.PRIOR)), 0.7),
        new DenoiseInput(process.prior(RandomStream.of(2, Purpose.PRIOR)), 0.2));
    float[][] before;
    try (Model trained = DdpmTrainer.train(images(16), new float[0][], 8, 8, 4, process,
        new TrainingSettings(1, 8, 0.003f, 1), r -> {})) {
      before = new FloatDenoiser(trained, 8, 8, 4).predict(inputs);
      ModelFiles.saveImage(trained, network, dir);
      ModelFiles.saveImage(trained, network, dir);
    }
    try (var files = Files.list(dir)) {
      assertEquals(List.of("denoiser-0000.params"), files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".params")).toList(), "saving again replaces the weights");
    }
    ModelFiles.Description description = ModelFiles.describe(dir);
    assertEquals(network, description.image());
    assertTrue(description.process() instanceof GaussianDiffusion g && g.length() == 64 && g.schedule() == NoiseSchedule.COSINE);
    try (DiffusionModel loaded = ModelFiles.load(dir)) {
      assertTrue(loaded.process() instanceof GaussianDiffusion);
      assertEquals(64, loaded.length());
      float[][] after = loaded.newDenoiser(1).predict(inputs);
      for (int r = 0; r < before.length; r++) {
        assertArrayEquals(before[r], after[r], "row " + r);
      }
      assertThrows(IllegalStateException.class, loaded::vocabulary);
    }
  }

  @Test
  void badImageProperties_areRefusedNamingTheKey() throws IOException {
    Files.writeString(dir.resolve(ModelFiles.PROPERTIES), "format=djl\nprocess=poisson\n");
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelFiles.describe(dir));
    assertTrue(e.getMessage().contains("'process' must be masked or gaussian, got 'poisson'"), e.getMessage());
    Files.writeString(dir.resolve(ModelFiles.PROPERTIES), "format=djl\nprocess=gaussian\nheight=10\nwidth=8\nbase=4\n");
    e = assertThrows(InvalidModelException.class, () -> ModelFiles.describe(dir));
    assertTrue(e.getMessage().contains("multiples of 4, got 10 x 8"), e.getMessage());
    Files.writeString(dir.resolve(ModelFiles.PROPERTIES), "format=djl\nprocess=gaussian\nheight=8\nwidth=8\nbase=4\n"
        + "schedule=sigmoid\n");
    e = assertThrows(InvalidModelException.class, () -> ModelFiles.describe(dir));
    assertTrue(e.getMessage().contains("'schedule' must be cosine or linear, got 'sigmoid'"), e.getMessage());
    Files.writeString(dir.resolve(ModelFiles.PROPERTIES), "format=djl\nprocess=gaussian\nheight=8\nwidth=8\nbase=4\n");
    e = assertThrows(InvalidModelException.class, () -> ModelFiles.load(dir));
    assertTrue(e.getMessage().contains("cannot load weights"), e.getMessage());
  }
}
