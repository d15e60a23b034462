package org.svdd.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;
import java.util.function.Consumer;
import org.svdd.core.diffusion.State;

/**
 * Trains a {@link ValueNetwork} by least squares on (state, reward of the rollout's end) pairs, with Adam,
 * reporting the held-out mean squared error (reward units) per epoch.
 */
public final class ValueTrainer {
  private ValueTrainer() {}

  /** One epoch's figures: mean training loss (standardised units) and the held-out mean squared error. */
  public record EpochReport(int epoch, int epochs, double loss, double heldOutError) {}

  /**
   * @param states noisy states that {@code input} reads
   * @param targets the reward each state's rollout ended with
   * @return the trained network; the caller closes it
   */
  public static ValueNetwork train(List<? extends State> states, double[] targets, List<? extends State> heldOut,
      double[] heldOutTargets, ValueInput input, String reward, TrainingSettings settings,
      Consumer<EpochReport> progress) {
    if (states.isEmpty() || states.size() != targets.length) {
      throw new IllegalArgumentException("need a target per state, at least one: " + states.size() + " states, "
          + targets.length + " targets");
    }
    double mean = java.util.Arrays.stream(targets).average().orElseThrow();
    double variance = java.util.Arrays.stream(targets).map(t -> (t - mean) * (t - mean)).sum() / targets.length;
    double deviation = variance > 0 ? Math.sqrt(variance) : 1;
    Engine.getInstance().setRandomSeed((int) settings.seed());
    Model model = Model.newInstance(ValueNetwork.WEIGHTS, ModelFormat.DJL.engine());
    model.setBlock(input.network());
    ValueNetwork network = new ValueNetwork(model, input, reward, mean, deviation, "", "");
    float[][] inputs = states.stream().map(input::row).toArray(float[][]::new);
    float[] y = new float[targets.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = network.standardised(targets[i]);
    }
    Shape row = input.shape();
    int size = (int) row.size();
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(Optimizer.adam()
        .optLearningRateTracker(EpochLoop.tracker(settings, EpochLoop.totalSteps(settings, inputs.length))).build());
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(settings.batchSize()).addAll(row));
      EpochLoop.run(trainer, settings, inputs.length, 0, (step, order, epoch, from, rows) -> {
        float[] x = new float[rows * size];
        float[] t = new float[rows];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(inputs[order[from + r]], 0, x, r * size, size);
          t[r] = y[order[from + r]];
        }
        return step.run(manager -> {
          NDArray out = trainer.forward(new NDList(manager.create(x, new Shape(rows).addAll(row)))).singletonOrThrow();
          return trainer.getLoss().evaluate(new NDList(manager.create(t, new Shape(rows, 1))), new NDList(out));
        });
      }, heldOut.isEmpty() ? null : () -> meanSquaredError(network, heldOut, heldOutTargets),
          r -> progress.accept(new EpochReport(r.epoch(), r.epochs(), r.loss(), r.heldOutLoss())));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return network;
  }

  /** Mean squared error of the network's values against the targets, in reward units. */
  public static double meanSquaredError(ValueNetwork network, List<? extends State> states, double[] targets) {
    double[] v = network.values(states);
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += (v[i] - targets[i]) * (v[i] - targets[i]);
    }
    return v.length == 0 ? Double.NaN : sum / v.length;
  }
}
