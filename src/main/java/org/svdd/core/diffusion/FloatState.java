package org.svdd.core.diffusion;

import java.util.Arrays;

/**
 * A continuous state (an image's pixels, scaled to [-1, 1]) on a Gaussian diffusion trajectory, with
 * the diffusion time t it is at (0: a finished sample), which noisy and clean values alone do not
 * tell. Compared by content.
 */
public record FloatState(float[] values, double time) implements State {

  public FloatState {
    if (!(time >= 0 && time <= 1)) {
      throw new IllegalArgumentException("diffusion time must be in [0, 1], got " + time);
    }
    values = values.clone();
  }

  /** Whether this is a finished sample (t = 0). */
  public boolean clean() {
    return time == 0;
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  /**
   * The 8-bit grey levels of an image state (values in [−1, 1] to 0..255, rounded and clipped): what its
   * PNG holds, so what rewards of images score.
   */
  public byte[] greyLevels() {
    byte[] levels = new byte[values.length];
    for (int i = 0; i < levels.length; i++) {
      double level = Math.rint((values[i] + 1) / 2 * 255);
      levels[i] = (byte) (int) Math.max(0, Math.min(255, level));
    }
    return levels;
  }

  /** The state of 8-bit grey levels at t = 0 (the inverse of {@link #greyLevels()} on its range). */
  public static FloatState ofGreyLevels(byte[] levels) {
    float[] values = new float[levels.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (levels[i] & 0xff) / 255f * 2 - 1;
    }
    return new FloatState(values, 0);
  }

  /** The value at {@code position}, without copying. */
  public float at(int position) {
    return values[position];
  }

  @Override
  public int length() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatState other && Double.compare(time, other.time) == 0 && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Double.hashCode(time);
  }

  @Override
  public String toString() {
    return "FloatState[" + values.length + " values at t = " + time + "]";
  }
}
