package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/** The image denoiser answers each row the same whatever rows it came with. */
class FloatDenoiserTest {
  private static final int SIDE = 12;

  private static List<DenoiseInput> rows(int n) {
    List<DenoiseInput> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      RandomStream random = RandomStream.of(5, Purpose.PRIOR, r);
      float[] x = new float[SIDE * SIDE];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian();
      }
      double t = (r + 0.5) / n;
      out.add(new DenoiseInput(new FloatState(x, t), t));
    }
    return out;
  }

  private static Model model() {
    Model model = Model.newInstance("float-denoiser-test");
    SmallUNet net = new SmallUNet(4);
    model.setBlock(net);
    net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(4, 1, SIDE, SIDE), new Shape(4));
    return model;
  }

  @Test
  void eachRow_isAnsweredTheSame_aloneOrInAnyBatch() {
    try (Model model = model()) {
      List<DenoiseInput> rows = rows(11);
      FloatDenoiser denoiser = new FloatDenoiser(model, SIDE, SIDE, 4);
      float[][] together = denoiser.predict(rows);
      assertEquals(11, together.length);
      for (int r = 0; r < rows.size(); r++) {
        assertEquals(SIDE * SIDE, together[r].length);
        assertArrayEquals(together[r], denoiser.predict(List.of(rows.get(r)))[0], "row " + r + " alone");
      }
      float[][] inThrees = new float[11][];
      for (int from = 0; from < 11; from += 3) {
        float[][] part = denoiser.predict(rows.subList(from, Math.min(11, from + 3)));
        System.arraycopy(part, 0, inThrees, from, part.length);
      }
      for (int r = 0; r < rows.size(); r++) {
        assertArrayEquals(together[r], inThrees[r], "row " + r + " in threes");
      }
    }
  }

  @Test
  void badInput_isRefusedNamingTheProblem() {
    try (Model model = model()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FloatDenoiser(model, SIDE, SIDE, 2));
      assertTrue(e.getMessage().contains("at least 4"), e.getMessage());
      FloatDenoiser denoiser = new FloatDenoiser(model, SIDE, SIDE, 4);
      e = assertThrows(IllegalArgumentException.class,
          () -> denoiser.predict(List.of(new DenoiseInput(new TokenState(new int[] {1, 2}), 0.5))));
      assertTrue(e.getMessage().contains("float states of 144 values"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> denoiser.predict(List.of(new DenoiseInput(new FloatState(new float[10], 0.5), 0.5))));
      assertTrue(e.getMessage().contains("12 x 12"), e.getMessage());
    }
  }
}
