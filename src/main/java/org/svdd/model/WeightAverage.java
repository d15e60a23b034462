package org.svdd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a block's weights, updated after every optimiser step
 * (average = decay · average + (1 − decay) · weights), and swapped in for evaluation and saving.
 */
final class WeightAverage implements AutoCloseable {
  private final double decay;
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<NDArray> averages = new ArrayList<>();
  private final NDManager manager;

  WeightAverage(Block block, double decay) {
    this.decay = decay;
    this.manager = block.getParameters().valueAt(0).getArray().getManager().newSubManager();
    for (Parameter p : block.getParameters().values()) {
      parameters.add(p);
      NDArray copy = manager.zeros(p.getArray().getShape(), p.getArray().getDataType());
      p.getArray().copyTo(copy);
      averages.add(copy);
    }
  }

  /** Moves the average toward the current weights. */
  void update() {
    for (int i = 0; i < parameters.size(); i++) {
      try (NDArray share = parameters.get(i).getArray().mul(1 - decay)) {
        averages.get(i).muli(decay).addi(share);
      }
    }
  }

  /** Exchanges the weights and the average (twice restores the weights). */
  void swap() {
    for (int i = 0; i < parameters.size(); i++) {
      NDArray weights = parameters.get(i).getArray();
      NDArray held = weights.duplicate();
      averages.get(i).copyTo(weights);
      held.copyTo(averages.get(i));
      held.close();
    }
  }

  /** The averages, one per parameter in the block's order (a checkpoint reads and restores them). */
  List<NDArray> averages() {
    return java.util.Collections.unmodifiableList(averages);
  }

  @Override
  public void close() {
    manager.close();
  }
}
