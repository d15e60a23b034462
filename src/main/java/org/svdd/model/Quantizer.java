package org.svdd.model;

/**
 * Rounds network outputs to multiples of 1/256 before they leave the denoiser: far below what changes a
 * sample's distribution, and it absorbs last-bit differences between kernels, so that outputs are
 * reproducible across runs and batch compositions (with {@link DjlDenoiser}'s fixed micro-batch shape).
 */
public final class Quantizer {
  /** Steps per unit. */
  public static final float QUANTUM = 256f;

  private Quantizer() {}

  /** A copy of {@code width} values of {@code logits} from {@code from}, each rounded to the quantum. */
  public static float[] row(float[] logits, int from, int width) {
    float[] row = new float[width];
    for (int j = 0; j < width; j++) {
      row[j] = Math.round(logits[from + j] * QUANTUM) / QUANTUM;
    }
    return row;
  }
}
