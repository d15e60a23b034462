package org.svdd.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;

/**
 * A learned soft value for SVDD-MC (arXiv 2408.08252, Sec. 4.2): regresses r(x_0) on a partly masked state
 * x_t of the pre-trained model's own rollouts. It does not take t, as the reference code's DNA and RNA
 * value networks do not: how much of the state is still masked is in its input (the mask channel).
 * Three dilated convolutions of 64 filters (width 5, dilations 1, 2, 4) over the one-hot tokens (symbols,
 * pad, mask), averaged over positions, then a hidden layer of 64 and one output, trained on rewards
 * standardised by their mean and deviation, which it stores. Runs fixed micro-batches, so a state's value
 * does not depend on the others valued with it.
 */
public final class ValueNetwork implements AutoCloseable {
  static final String WEIGHTS = "value";
  static final String PROPERTIES = "value.properties";
  private final Model model;
  private final Vocabulary vocabulary;
  private final int length;
  private final String reward;
  private final double mean;
  private final double deviation;

  ValueNetwork(Model model, Vocabulary vocabulary, int length, String reward, double mean, double deviation) {
    this.model = model;
    this.vocabulary = vocabulary;
    this.length = length;
    this.reward = reward;
    this.mean = mean;
    this.deviation = deviation;
  }

  static Block network() {
    SequentialBlock net = new SequentialBlock();
    for (int dilation : new int[] {1, 2, 4}) {
      net.add(Conv1d.builder().setFilters(64).setKernelShape(new Shape(5)).optDilation(new Shape(dilation))
          .optPadding(new Shape(2L * dilation)).build()).add(Activation.reluBlock());
    }
    return net.add(Pool.globalAvgPool1dBlock()).add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(1).build());
  }

  /** The reward whose value this network estimates. */
  public String reward() {
    return reward;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public int length() {
    return length;
  }

  /** The shape of one input row. */
  Shape inputShape() {
    return new Shape(vocabulary.inputSize(), length);
  }

  /** A state one-hot over symbols, pad and mask ({@code [token * length + position]}). */
  float[] input(TokenState state) {
    int[] tokens = state.tokens();
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

  /** The standardised target of a reward. */
  float standardised(double reward) {
    return (float) ((reward - mean) / deviation);
  }

  /** The estimated value of each state, in the reward's units. */
  public double[] values(List<TokenState> states) {
    float[][] out = Classifiers.run(model, states.stream().map(this::input).toList(), inputShape(), Classifiers.Output.RAW);
    double[] values = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      values[i] = mean + deviation * out[i][0];
    }
    return values;
  }

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    ModelFiles.saveWeights(model, dir, WEIGHTS);
    Properties p = new Properties();
    p.setProperty("reward", reward);
    p.setProperty("symbols", String.join(" ", vocabulary.symbols()));
    p.setProperty("length", Integer.toString(length));
    p.setProperty("mean", Double.toString(mean));
    p.setProperty("deviation", Double.toString(deviation));
    try (OutputStream out = Files.newOutputStream(dir.resolve(PROPERTIES))) {
      p.store(out, "svdd value network (SVDD-MC)");
    }
  }

  /** Loads a value network directory, or fails naming the file and the problem. */
  public static ValueNetwork load(Path dir) {
    Path file = dir.resolve(PROPERTIES);
    Properties p = ModelFiles.properties(dir, PROPERTIES, "value network");
    String reward = p.getProperty("reward", "").strip();
    String symbols = p.getProperty("symbols", "").strip();
    int length = ModelFiles.positive(p, "length", file);
    double mean;
    double deviation;
    try {
      mean = Double.parseDouble(p.getProperty("mean", ""));
      deviation = Double.parseDouble(p.getProperty("deviation", ""));
    } catch (NumberFormatException e) {
      throw new InvalidModelException(file + ": mean and deviation must be numbers", e);
    }
    if (reward.isEmpty() || symbols.isEmpty() || !(deviation > 0)) {
      throw new InvalidModelException(file + " needs a reward, symbols and a positive deviation");
    }
    Model model = Model.newInstance(WEIGHTS, ModelFormat.DJL.engine());
    try {
      model.setBlock(network());
      model.load(dir, WEIGHTS);
      ValueNetwork network = new ValueNetwork(model, new Vocabulary(List.of(symbols.split(" "))), length, reward, mean,
          deviation);
      int[] masked = new int[length];
      java.util.Arrays.fill(masked, network.vocabulary.mask());
      network.values(List.of(new TokenState(masked)));
      return network;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new InvalidModelException("cannot load value network " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
