package org.svdd.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.svdd.core.diffusion.State;

/**
 * A learned soft value for SVDD-MC (arXiv 2408.08252, Sec. 4.2): regresses r(x_0) on a noisy state x_t of
 * the pre-trained model's own rollouts, read as its {@link ValueInput} says (a partly masked sequence, or
 * a noisy image with its time). Trained on rewards standardised by their mean and deviation, which it
 * stores, with the digest of the model whose rollouts it was fitted to. Runs fixed micro-batches, so a state's value
 * does not depend on the others valued with it.
 */
public final class ValueNetwork implements AutoCloseable {
  static final String WEIGHTS = "value";
  public static final String PROPERTIES = "value.properties";
  /** The property naming the model the network was fitted to: its {@code ContentDigest.ofDenoiser}. */
  private static final String FITTED_TO = "model";
  /** The property naming the model that scored the rollouts, for a reward a model scores: its {@code ContentDigest.of}. */
  private static final String REWARD_MODEL = "reward-model";
  private final Model model;
  private final ValueInput input;
  private final String reward;
  private final double mean;
  private final double deviation;
  private final String fittedTo;
  private final String rewardModel;

  ValueNetwork(Model model, ValueInput input, String reward, double mean, double deviation, String fittedTo,
      String rewardModel) {
    this.model = model;
    this.input = input;
    this.reward = reward;
    this.mean = mean;
    this.deviation = deviation;
    this.fittedTo = fittedTo;
    this.rewardModel = rewardModel;
  }

  /** The reward whose value this network estimates. */
  public String reward() {
    return reward;
  }

  /** The digest of the model whose rollouts it was fitted to; empty for a network saved before svdd recorded it. */
  public Optional<String> fittedTo() {
    return fittedTo.isEmpty() ? Optional.empty() : Optional.of(fittedTo);
  }

  /**
   * The digest of the model that scored its rollouts (a classifier behind the reward); empty for a reward a program
   * computes, and for a network saved before svdd recorded it.
   */
  public Optional<String> rewardModel() {
    return rewardModel.isEmpty() ? Optional.empty() : Optional.of(rewardModel);
  }

  /** What the network reads. */
  public ValueInput input() {
    return input;
  }

  /** The standardised target of a reward. */
  float standardised(double reward) {
    return (float) ((reward - mean) / deviation);
  }

  /** The estimated value of each state, in the reward's units. */
  public double[] values(List<? extends State> states) {
    float[][] out = Classifiers.run(model, states.stream().map(input::row).toList(), input.shape(),
        Classifiers.Output.RAW);
    double[] values = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      values[i] = mean + deviation * out[i][0];
    }
    return values;
  }

  /**
   * Writes the network into {@code dir}, recording the digest of the model it was fitted to ({@code fittedTo}) and of
   * the model that scored the rollouts ({@code rewardModel}, "" for a reward a program computes).
   */
  public void save(Path dir, String fittedTo, String rewardModel) throws IOException {
    Files.createDirectories(dir);
    ModelFiles.saveWeights(model, dir, WEIGHTS);
    Properties p = new Properties();
    p.setProperty("kind", input.kind());
    p.setProperty("reward", reward);
    p.setProperty(FITTED_TO, fittedTo);
    if (!rewardModel.isEmpty()) {
      p.setProperty(REWARD_MODEL, rewardModel);
    }
    input.describe(p);
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
    Provenance provenance = Provenance.of(p);
    String reward = provenance.reward();
    double mean;
    double deviation;
    try {
      mean = Double.parseDouble(p.getProperty("mean", ""));
      deviation = Double.parseDouble(p.getProperty("deviation", ""));
    } catch (NumberFormatException e) {
      throw new InvalidModelException(file + ": mean and deviation must be numbers", e);
    }
    if (reward.isEmpty() || !(deviation > 0)) {
      throw new InvalidModelException(file + " needs a reward and a positive deviation");
    }
    ValueInput input = ValueInput.read(p, file);
    Model model = Model.newInstance(WEIGHTS, ModelFormat.DJL.engine());
    try {
      model.setBlock(input.network());
      model.load(dir, WEIGHTS);
      ValueNetwork network = new ValueNetwork(model, input, reward, mean, deviation,
          provenance.fittedTo().orElse(""), provenance.rewardModel().orElse(""));
      network.values(List.of(input.blank()));
      return network;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new InvalidModelException("cannot load value network " + dir + ": " + ModelFiles.whyNotLoaded(e), e);
    }
  }

  /**
   * What a value network says it estimates and was fitted to, read from its properties alone (no weights loaded):
   * the reward, and the digests of the model whose rollouts it was fitted to and of the model that scored them.
   */
  public record Provenance(String reward, Optional<String> fittedTo, Optional<String> rewardModel) {
    /** Reads the provenance of the value network in {@code dir}, or fails naming the file and the problem. */
    public static Provenance read(Path dir) {
      return of(ModelFiles.properties(dir, PROPERTIES, "value network"));
    }

    static Provenance of(Properties p) {
      return new Provenance(p.getProperty("reward", "").strip(), present(p.getProperty(FITTED_TO, "")),
          present(p.getProperty(REWARD_MODEL, "")));
    }

    private static Optional<String> present(String value) {
      return value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
