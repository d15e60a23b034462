package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;

/**
 * An image value network reads the noisy image and its diffusion time: it learns a value that depends on
 * both (the mean pixel scaled by 1 − t, plus t), which no network blind to t could fit, and saves, loads
 * and values through the oracle as an image network.
 */
class ImageValueNetworkTest {
  private static final int SIDE = 6;
  private static final ImageValueInput INPUT = new ImageValueInput(SIDE, SIDE);
  @TempDir Path dir;

  private record Data(List<FloatState> states, double[] values) {}

  private static Data data(int n, long seed) {
    Random random = new Random(seed);
    List<FloatState> states = new ArrayList<>();
    double[] values = new double[n];
    for (int k = 0; k < n; k++) {
      float[] pixels = new float[SIDE * SIDE];
      double level = 2 * random.nextDouble() - 1;
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) (level + 0.3 * random.nextGaussian());
      }
      double t = random.nextInt(5) / 4.0;
      FloatState s = new FloatState(pixels, t);
      states.add(s);
      values[k] = known(s);
    }
    return new Data(states, values);
  }

  private static double known(FloatState s) {
    double mean = 0;
    for (int i = 0; i < s.length(); i++) {
      mean += s.at(i);
    }
    return mean / s.length() * (1 - s.time()) + s.time();
  }

  @Test
  void training_fitsAValueOfTheImageAndItsTime_andTheNetworkSavesAndLoadsAsAnImageNetwork() throws Exception {
    Data train = data(4000, 1);
    Data test = data(300, 2);
    List<ValueTrainer.EpochReport> history = new ArrayList<>();
    try (ValueNetwork network = ValueTrainer.train(train.states(), train.values(), test.states(), test.values(), INPUT,
        "level", new TrainingSettings(8, 64, 0.003f, 3), history::add)) {
      double last = history.get(history.size() - 1).heldOutError();
      double mean = Arrays.stream(test.values()).average().orElseThrow();
      double constant = Arrays.stream(test.values()).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
      assertTrue(last < 0.1 * constant, "held-out squared error " + last + " against " + constant
          + " for the best constant: " + history);
      // the same pixels at two times must get the values of their times (the t channel is read)
      FloatState early = new FloatState(test.states().get(0).values(), 1);
      FloatState late = new FloatState(test.states().get(0).values(), 0);
      double[] two = network.values(List.of(early, late));
      assertEquals(known(early), two[0], 0.3);
      assertEquals(known(late), two[1], 0.3);
      double[] values = network.values(test.states());
      network.save(dir.resolve("v"), "", "");
      try (ValueNetwork loaded = ValueNetwork.load(dir.resolve("v"))) {
        assertInstanceOf(ImageValueInput.class, loaded.input());
        assertEquals(INPUT, loaded.input());
        assertArrayEquals(values, loaded.values(test.states()), 1e-9);
      }
      try (ValueNetworkOracle oracle = new ValueNetworkOracle(ValueNetwork.load(dir.resolve("v")), "v")) {
        List<State> designs = List.of(test.states().get(3), test.states().get(4));
        List<Reward> rewards = oracle.score(designs).toCompletableFuture().join();
        assertEquals(values[3], rewards.get(0).value(), 1e-9);
        assertEquals(values[4], rewards.get(1).value(), 1e-9);
      }
    }
  }

  @Test
  void aStateOfAnotherKindOrSize_isRefusedNamingTheProblem() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> INPUT.row(new FloatState(new float[10], 0.5)));
    assertTrue(size.getMessage().contains("reads 6 x 6 images, got 10 values"), size.getMessage());
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
        () -> INPUT.row(new TokenState(new int[36])));
    assertTrue(kind.getMessage().contains("reads images"), kind.getMessage());
    float[] row = INPUT.row(new FloatState(new float[36], 0.25));
    assertEquals(72, row.length);
    assertEquals(0.25f, row[36]);
    assertEquals(0.25f, row[71]);
  }
}
