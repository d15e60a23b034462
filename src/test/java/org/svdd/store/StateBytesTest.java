package org.svdd.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;

class StateBytesTest {

  /** Stores written by earlier versions must still read: the layout is fixed. */
  @Test
  void layout_isBigEndianIds_orAMarkedFloatState() {
    assertEquals("0000000100000002", HexFormat.of().formatHex(StateBytes.of(new TokenState(new int[] {1, 2}))));
    assertEquals("ffffffff" + "3fe0000000000000" + "3f800000",
        HexFormat.of().formatHex(StateBytes.of(new FloatState(new float[] {1f}, 0.5))));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void anyState_readsBackAsItself(long seed) {
    Random random = new Random(seed);
    int[] tokens = random.ints(random.nextInt(200), 0, 30).toArray();
    float[] values = new float[random.nextInt(800)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    double time = random.nextDouble();
    assertArrayEquals(tokens, ((TokenState) StateBytes.read(StateBytes.of(new TokenState(tokens)))).tokens());
    FloatState image = (FloatState) StateBytes.read(StateBytes.of(new FloatState(values, time)));
    assertArrayEquals(values, image.values());
    assertEquals(time, image.time());
  }

  @Test
  void anotherKindOfState_isRefusedByName() {
    State other = () -> 3;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateBytes.of(other));
    assertEquals("the job store keeps token and float states, got " + other.getClass().getSimpleName(), e.getMessage());
  }
}
