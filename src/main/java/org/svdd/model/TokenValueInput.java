package org.svdd.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;

/**
 * A partly masked token sequence, one-hot over symbols, pad and mask. It does not take t, as the reference
 * code's DNA and RNA value networks do not: how much is still masked is in the mask channel. The network:
 * three dilated convolutions of 64 filters (width 5, dilations 1, 2, 4), averaged over positions, then a
 * hidden layer of 64 and one output.
 */
public record TokenValueInput(Vocabulary vocabulary, int length) implements ValueInput {
  static final String KIND = "tokens";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Shape shape() {
    return new Shape(vocabulary.inputSize(), length);
  }

  /** {@code [token * length + position]}. */
  @Override
  public float[] row(State state) {
    if (!(state instanceof TokenState s)) {
      throw new IllegalArgumentException("this value network reads token states, got " + state);
    }
    int[] tokens = s.tokens();
    if (tokens.length != length) {
      throw new IllegalArgumentException("the value network reads states of " + length + " positions, got " + tokens.length);
    }
    float[] x = new float[vocabulary.inputSize() * length];
    for (int i = 0; i < length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocabulary.inputSize()) {
        throw new IllegalArgumentException("token " + tokens[i] + " at " + i + " is outside the vocabulary " + vocabulary.symbols());
      }
      x[tokens[i] * length + i] = 1;
    }
    return x;
  }

  @Override
  public Block network() {
    SequentialBlock net = new SequentialBlock();
    for (int dilation : new int[] {1, 2, 4}) {
      net.add(AlignedConvolution.of(Conv1d.builder().setFilters(64).setKernelShape(new Shape(5))
          .optDilation(new Shape(dilation)).optPadding(new Shape(2L * dilation)))).add(Activation.reluBlock());
    }
    return net.add(Pool.globalAvgPool1dBlock()).add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(1).build());
  }

  @Override
  public State blank() {
    int[] masked = new int[length];
    java.util.Arrays.fill(masked, vocabulary.mask());
    return new TokenState(masked);
  }

  /** The masked fraction. */
  @Override
  public double noise(State state) {
    int[] tokens = ((TokenState) state).tokens();
    int mask = vocabulary.mask();
    return java.util.Arrays.stream(tokens).filter(x -> x == mask).count() / (double) tokens.length;
  }

  @Override
  public void describe(Properties p) {
    p.setProperty("symbols", String.join(" ", vocabulary.symbols()));
    p.setProperty("length", Integer.toString(length));
  }

  static TokenValueInput read(Properties p, Path file) {
    String symbols = p.getProperty("symbols", "").strip();
    int length = ModelFiles.positive(p, "length", file);
    if (symbols.isEmpty()) {
      throw new InvalidModelException(file + " needs the symbols of a token value network");
    }
    return new TokenValueInput(new Vocabulary(List.of(symbols.split(" "))), length);
  }
}
