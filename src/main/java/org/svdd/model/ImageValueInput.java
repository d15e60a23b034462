package org.svdd.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import java.util.Properties;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.State;

/**
 * A noisy grey image x_t with its diffusion time t. Unlike a masked sequence, a noisy image does not show
 * how noisy it is reliably enough, so t is a second channel (a constant plane), as the paper's image value
 * networks are conditioned on t. The network: convolutions of 32, 64 and 64 filters (3 × 3; the last two
 * halve the resolution), averaged over positions, a hidden layer of 64 and one output.
 */
public record ImageValueInput(int width, int height) implements ValueInput {
  static final String KIND = "image";

  public ImageValueInput {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("an image value network needs a positive size, got " + width + " x " + height);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Shape shape() {
    return new Shape(2, height, width);
  }

  /** The pixels (channel 0) and a plane of t (channel 1). */
  @Override
  public float[] row(State state) {
    if (!(state instanceof FloatState s)) {
      throw new IllegalArgumentException("this value network reads images (float states), got " + state);
    }
    int pixels = width * height;
    if (s.length() != pixels) {
      throw new IllegalArgumentException("the value network reads " + width + " x " + height + " images, got "
          + s.length() + " values");
    }
    float[] x = new float[2 * pixels];
    for (int i = 0; i < pixels; i++) {
      x[i] = s.at(i);
    }
    java.util.Arrays.fill(x, pixels, 2 * pixels, (float) s.time());
    return x;
  }

  @Override
  public Block network() {
    SequentialBlock net = new SequentialBlock();
    net.add(ImageClassifier.conv(32, 1)).add(Activation.reluBlock()).add(ImageClassifier.conv(64, 2))
        .add(Activation.reluBlock()).add(ImageClassifier.conv(64, 2)).add(Activation.reluBlock());
    return net.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(1).build());
  }

  @Override
  public State blank() {
    return new FloatState(new float[width * height], 1);
  }

  /** The diffusion time. */
  @Override
  public double noise(State state) {
    return ((FloatState) state).time();
  }

  @Override
  public void describe(Properties p) {
    p.setProperty("width", Integer.toString(width));
    p.setProperty("height", Integer.toString(height));
  }

  static ImageValueInput read(Properties p, Path file) {
    return new ImageValueInput(ModelFiles.positive(p, "width", file), ModelFiles.positive(p, "height", file));
  }
}
