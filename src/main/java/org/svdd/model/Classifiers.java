package org.svdd.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * What the image and sequence classifiers and the value network share: the weights' file name and inference in fixed
 * micro-batches of {@link #MICRO_BATCH} rows, so that a row's scores do not depend on the others scored
 * with it.
 */
final class Classifiers {
  static final String WEIGHTS = "classifier";
  static final int MICRO_BATCH = 16;

  private Classifiers() {}

  /** The fraction of rows whose most probable class is their label. */
  static double accuracy(float[][] logp, int[] labels) {
    int right = 0;
    for (int i = 0; i < logp.length; i++) {
      int best = 0;
      for (int c = 1; c < logp[i].length; c++) {
        best = logp[i][c] > logp[i][best] ? c : best;
      }
      right += best == labels[i] ? 1 : 0;
    }
    return logp.length == 0 ? Double.NaN : right / (double) logp.length;
  }

  /** What a run returns per row. */
  enum Output {
    /** Every layer, then log-softmax. */
    LOG_PROBABILITIES,
    /** Every layer but the last. */
    FEATURES,
    /** Every layer. */
    RAW
  }

  /** Runs rows of shape {@code row} through the model's layers, returning {@code output} per row. */
  static float[][] run(Model model, List<float[]> inputs, Shape row, Output output) {
    int size = (int) row.size();
    float[][] out = new float[inputs.size()][];
    for (int from = 0; from < inputs.size(); from += MICRO_BATCH) {
      int rows = Math.min(MICRO_BATCH, inputs.size() - from);
      float[] x = new float[MICRO_BATCH * size];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(inputs.get(from + r), 0, x, r * size, size);
      }
      try (NDManager manager = model.getNDManager().newSubManager()) {
        ParameterStore ps = new ParameterStore(manager, false);
        NDList h = new NDList(manager.create(x, new Shape(MICRO_BATCH).addAll(row)));
        var layers = model.getBlock().getChildren().values();
        for (int i = 0; i < layers.size() - (output == Output.FEATURES ? 1 : 0); i++) {
          h = layers.get(i).forward(ps, h, false);
        }
        NDArray y = output == Output.LOG_PROBABILITIES ? h.singletonOrThrow().logSoftmax(1) : h.singletonOrThrow();
        int width = (int) y.getShape().get(1);
        float[] values = y.toFloatArray();
        for (int r = 0; r < rows; r++) {
          out[from + r] = Quantizer.row(values, r * width, width);
        }
      }
    }
    return out;
  }
}
