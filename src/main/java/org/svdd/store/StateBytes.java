package org.svdd.store;

import java.nio.ByteBuffer;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;

/** How the job store keeps a design or a trajectory's state: as bytes, read back as the same state. */
final class StateBytes {
  private StateBytes() {}

  /** Marks a stored {@link FloatState}: a token state's first int is a token id, never negative. */
  private static final int FLOAT_STATE = -1;

  /**
   * A state as stored: a token state's ids as big-endian ints; a float state (an image) as {@link #FLOAT_STATE},
   * its time as a double, and its values as floats.
   */
  static byte[] of(State state) {
    if (state instanceof FloatState image) {
      float[] values = image.values();
      ByteBuffer buffer = ByteBuffer.allocate(4 + 8 + 4 * values.length).putInt(FLOAT_STATE).putDouble(image.time());
      for (float v : values) {
        buffer.putFloat(v);
      }
      return buffer.array();
    }
    if (!(state instanceof TokenState tokens)) {
      throw new IllegalArgumentException("the job store keeps token and float states, got "
          + state.getClass().getSimpleName());
    }
    ByteBuffer buffer = ByteBuffer.allocate(4 * tokens.length());
    for (int i = 0; i < tokens.length(); i++) {
      buffer.putInt(tokens.at(i));
    }
    return buffer.array();
  }

  /** The state {@link #of} stored as {@code bytes}. */
  static State read(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length >= 12 && buffer.getInt(0) == FLOAT_STATE) {
      buffer.position(4);
      double time = buffer.getDouble();
      float[] values = new float[(bytes.length - 12) / 4];
      for (int i = 0; i < values.length; i++) {
        values[i] = buffer.getFloat();
      }
      return new FloatState(values, time);
    }
    int[] tokens = new int[bytes.length / 4];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = buffer.getInt();
    }
    return new TokenState(tokens);
  }

  /** A path of states as stored: each {@link #of} its state, its length (an int) before it. */
  static byte[] ofPath(java.util.List<State> path) {
    java.util.List<byte[]> states = path.stream().map(StateBytes::of).toList();
    ByteBuffer buffer = ByteBuffer.allocate(states.stream().mapToInt(b -> 4 + b.length).sum());
    states.forEach(b -> buffer.putInt(b.length).put(b));
    return buffer.array();
  }

  /** The path {@link #ofPath} stored as {@code bytes}. */
  static java.util.List<State> readPath(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    java.util.List<State> path = new java.util.ArrayList<>();
    while (buffer.hasRemaining()) {
      byte[] state = new byte[buffer.getInt()];
      buffer.get(state);
      path.add(read(state));
    }
    return path;
  }
}
