package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * The image denoiser's network: ε̂ has the image's shape and depends on the time, and a pass leaves no
 * array behind in the model's manager. Training it: DdpmTrainerTest.
 */
class SmallUNetTest {

  /** A U-Net of 8 channels, the model's block, initialised for {@code image}-shaped batches. */
  private static SmallUNet initialized(Model model, Shape image) {
    SmallUNet net = new SmallUNet(8);
    model.setBlock(net);
    net.initialize(model.getNDManager(), DataType.FLOAT32, image, new Shape(image.get(0)));
    return net;
  }

  @Test
  void noisePrediction_hasTheImagesShape_isFinite_andDependsOnTheTime() {
    Shape image = new Shape(4, 1, 28, 28);
    try (Model model = Model.newInstance("unet-test")) {
      SmallUNet net = initialized(model, image);
      try (NDManager m = model.getNDManager().newSubManager()) {
        NDArray x = m.randomNormal(image);
        NDArray early = net.forward(new ParameterStore(m, false), new NDList(x, m.full(new Shape(4), 0.1f)), false)
            .singletonOrThrow();
        NDArray late = net.forward(new ParameterStore(m, false), new NDList(x, m.full(new Shape(4), 0.9f)), false)
            .singletonOrThrow();
        assertArrayEquals(image.getShape(), early.getShape().getShape(), "ε̂ has the image's shape");
        assertFalse(early.isNaN().any().getBoolean() || early.isInfinite().any().getBoolean());
        assertTrue(early.sub(late).abs().max().getFloat() > 1e-4, "the time embedding reaches the output");
      }
    }
  }

  /** A sampler runs millions of passes on one model: each must free everything it made with its batch. */
  @Test
  void forwardPasses_inTrainingAndInference_leaveNothingInTheModelsManager() {
    Shape image = new Shape(2, 1, 8, 8);
    try (Model model = Model.newInstance("unet-test")) {
      SmallUNet net = initialized(model, image);
      int before = model.getNDManager().getManagedArrays().size();
      for (boolean training : new boolean[] {false, true, false, true}) {
        try (NDManager m = model.getNDManager().newSubManager()) {
          net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(image), m.full(new Shape(2), 0.5f)), training);
        }
      }
      assertEquals(before, model.getNDManager().getManagedArrays().size(), "arrays left in the model's manager");
    }
  }

  @Test
  void sidesNotDivisibleByFour_areRefused() {
    try (Model model = Model.newInstance("unet-test")) {
      SmallUNet net = new SmallUNet(4);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 10, 10), new Shape(1)));
      assertTrue(e.getMessage().contains("divisible by 4"), e.getMessage());
    }
  }
}
