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
