package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Group normalisation against the definition, computed here in plain Java: each row's channels in groups, each
 * group standardised over its channels and positions (then gamma = 1, beta = 0 as initialised), rows independent
 * of the batch they come in.
 */
class GroupNormTest {

  @ParameterizedTest(name = "{1} channels, at most {0} groups: {2} groups")
  @CsvSource({"8, 16, 8", "8, 6, 6", "8, 12, 6", "4, 10, 2", "8, 7, 7", "8, 5, 5", "3, 7, 1"})
  void eachGroupOfEachRow_isStandardised_overItsChannelsAndPositions(int wanted, int channels, int groups) {
    Shape shape = new Shape(3, channels, 4, 4);
    float[] input = seeded(shape, channels * 31L + wanted);
    try (Model model = Model.newInstance("group-norm-test")) {
      GroupNorm norm = new GroupNorm(wanted);
      model.setBlock(norm);
      norm.initialize(model.getNDManager(), DataType.FLOAT32, shape);
      try (NDManager m = model.getNDManager().newSubManager()) {
        float[] got = norm.forward(new ParameterStore(m, false), new NDList(m.create(input, shape)), false)
            .singletonOrThrow().toFloatArray();
        assertArrayEquals(expected(input, shape, groups), got, 1e-4f);

        // the second row alone gives what it gave in the batch of three
        int row = channels * 16;
        float[] second = java.util.Arrays.copyOfRange(input, row, 2 * row);
        float[] alone = norm.forward(new ParameterStore(m, false), new NDList(m.create(second, new Shape(1, channels, 4, 4))),
            false).singletonOrThrow().toFloatArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(got, row, 2 * row), alone, 1e-6f);
      }
    }
  }

  /** The definition: per row and group, (x − mean) / sqrt(variance + 1e-5) over the group's values. */
  private static float[] expected(float[] x, Shape shape, int groups) {
    int rows = (int) shape.get(0);
    int perGroup = (int) (shape.size() / rows / groups);
    float[] out = new float[x.length];
    for (int start = 0; start < x.length; start += perGroup) {
      double mean = 0;
      for (int i = start; i < start + perGroup; i++) {
        mean += x[i];
      }
      mean /= perGroup;
      double variance = 0;
      for (int i = start; i < start + perGroup; i++) {
        variance += (x[i] - mean) * (x[i] - mean);
      }
      variance /= perGroup;
      for (int i = start; i < start + perGroup; i++) {
        out[i] = (float) ((x[i] - mean) / Math.sqrt(variance + 1e-5));
      }
    }
    return out;
  }

  /** Values with a different offset and spread per channel, so a wrong grouping shows. */
  private static float[] seeded(Shape shape, long seed) {
    Random random = new Random(seed);
    int channels = (int) shape.get(1);
    int positions = (int) (shape.get(2) * shape.get(3));
    float[] x = new float[(int) shape.size()];
    for (int i = 0; i < x.length; i++) {
      int channel = i / positions % channels;
      x[i] = (float) (channel * 0.7 - 2 + (1 + channel % 3) * random.nextGaussian());
    }
    return x;
  }

  @org.junit.jupiter.api.Test
  void gammaAndBeta_arePerChannel() {
    Shape shape = new Shape(1, 6, 2, 2);
    try (Model model = Model.newInstance("group-norm-test")) {
      GroupNorm norm = new GroupNorm(8);
      model.setBlock(norm);
      norm.initialize(model.getNDManager(), DataType.FLOAT32, shape);
      assertEquals(2, norm.getParameters().size());
      norm.getParameters().forEach(p -> assertArrayEquals(new long[] {6}, p.getValue().getArray().getShape().getShape(),
          p.getKey() + " has one value per channel"));
    }
  }
}
