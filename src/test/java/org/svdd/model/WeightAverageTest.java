package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

class WeightAverageTest {
  @Test
  void update_movesTheAverageByTheDecay_andSwapExchangesWeightsAndAverage() {
    try (NDManager manager = NDManager.newBaseManager(ModelFormat.DJL.engine())) {
      Block linear = Linear.builder().setUnits(1).optBias(false).build();
      linear.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
      ai.djl.ndarray.NDArray weights = linear.getParameters().valueAt(0).getArray();
      manager.create(new float[] {2f, 4f}, new Shape(1, 2)).copyTo(weights);
      try (WeightAverage average = new WeightAverage(linear, 0.75)) {
        manager.create(new float[] {6f, 0f}, new Shape(1, 2)).copyTo(weights);
        average.update(); // 0.75 * (2, 4) + 0.25 * (6, 0)
        average.swap();
        assertArrayEquals(new float[] {3f, 3f}, weights.toFloatArray(), 1e-6f);
        average.swap();
        assertArrayEquals(new float[] {6f, 0f}, weights.toFloatArray(), 1e-6f);
      }
    }
  }
}
