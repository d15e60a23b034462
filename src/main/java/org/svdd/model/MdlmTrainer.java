package org.svdd.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.function.Consumer;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/**
 * Trains a masked-diffusion denoiser with the continuous-time MDLM objective (Sahoo et al., 2024):
 * t ~ U(ε, 1] (low-discrepancy within a batch), each token masked with probability t, loss = (1 / t) · cross-entropy at the masked
 * positions, averaged per position. With the log-linear schedule this is an upper bound on the negative
 * log-likelihood. Masks and shuffles come from keyed streams, so a run is repeatable for a seed.
 * Optionally the learning rate warms up and decays along a cosine, and the weights saved are an
 * exponential moving average of the trained ones (both as in MDLM's recipe). After each epoch the same
 * objective is measured on held-out designs with fixed masks, without dropout, with the weights that
 * would be saved.
 */
public final class MdlmTrainer {
  private static final double MIN_TIME = 1e-3;

  /**
   * Progress after an epoch: mean training loss and held-out loss (NaN without held-out designs), nats per
   * position for the sequence trainer (the image trainer's are ε-MSE).
   *
   * @param retried backward passes of the epoch run again because their gradients were not finite
   * @param leftOut batches of the epoch left out because none of their passes gave finite gradients
   */
  public record EpochReport(int epoch, int epochs, double loss, double heldOutLoss, int retried, int leftOut) {
    /** The epoch's progress line: losses, and the retried passes and left-out batches when there were any. */
    public String summary() {
      String s = String.format(java.util.Locale.ROOT, "loss %.4f held-out %.4f", loss, heldOutLoss);
      return retried == 0 ? s : s + String.format(java.util.Locale.ROOT,
          " (non-finite gradients: passes retried %d, batches left out %d)", retried, leftOut);
    }
  }

  private MdlmTrainer() {}

  public static DiffusionModel train(List<TokenState> data, Vocabulary vocabulary, NetworkConfig config,
      TrainingSettings settings, Consumer<EpochReport> progress) {
    return train(data, List.of(), vocabulary, config, settings, progress);
  }

  public static DiffusionModel train(List<TokenState> data, List<TokenState> heldOut, Vocabulary vocabulary,
      NetworkConfig config, TrainingSettings settings, Consumer<EpochReport> progress) {
    return train(data, heldOut, vocabulary, config, settings, null, progress);
  }

  /**
   * As above, but when {@code init} is not null training starts from the weights of that model directory
   * (one trained earlier with the same network, e.g. to train on where it stopped) instead of random ones.
   */
  public static DiffusionModel train(List<TokenState> data, List<TokenState> heldOut, Vocabulary vocabulary,
      NetworkConfig config, TrainingSettings settings, java.nio.file.Path init, Consumer<EpochReport> progress) {
    return train(data, heldOut, vocabulary, config, settings, init, null, progress);
  }

  /**
   * As above, keeping the state after every epoch in {@code checkpoint} (when not null) and going on from the
   * state kept there ({@link TrainingCheckpoint}).
   */
  public static DiffusionModel train(List<TokenState> data, List<TokenState> heldOut, Vocabulary vocabulary,
      NetworkConfig config, TrainingSettings settings, java.nio.file.Path init, TrainingCheckpoint checkpoint,
      Consumer<EpochReport> progress) {
    if (data.isEmpty()) {
      throw new IllegalArgumentException("no training sequences");
    }
    Engine.getInstance().setRandomSeed((int) settings.seed());
    Model model = Model.newInstance(ModelFiles.WEIGHTS, ModelFormat.DJL.engine());
    model.setBlock(config.block());
    if (init != null) {
      try {
        ModelFiles.loadWeights(model, config, vocabulary, init);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
    ResumableAdam adam = new ResumableAdam(EpochLoop.tracker(settings, EpochLoop.totalSteps(settings, data.size())));
    DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
    try (Trainer trainer = model.newTrainer(trainingConfig)) {
      trainer.initialize(config.inputShape(settings.batchSize()));
      EpochLoop.run(trainer, settings, data.size(), 0, (step, order, epoch, from, rows) -> step(step, trainer, data, order,
              from, rows, vocabulary, config, RandomStream.of(settings.seed(), Purpose.TRAIN, epoch, from, 1)),
          heldOut.isEmpty() ? null
              : () -> heldOutLoss(model.getBlock(), trainer.getManager(), heldOut, vocabulary, config, settings.seed()),
          checkpoint, adam, progress);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return new DiffusionModel(model, vocabulary, config.length(), ModelFormat.DJL);
  }

  /** The MDLM objective on held-out designs, masks fixed by the seed, no dropout or gradient. */
  private static double heldOutLoss(ai.djl.nn.Block block, NDManager parent, List<TokenState> heldOut,
      Vocabulary vocabulary, NetworkConfig config, long seed) {
    int rows = heldOut.size();
    RandomStream random = RandomStream.of(seed, Purpose.TRAIN, -1);
    // stratified times over the held-out set: a low-variance estimate that is the same every epoch
    Masked batch = Masked.of(heldOut, r -> (r + random.nextDouble()) / rows, vocabulary, config.length(), random);
    try (NDManager manager = parent.newSubManager()) {
      ai.djl.training.ParameterStore parameters = new ai.djl.training.ParameterStore(manager, false);
      NDArray logits = block.forward(parameters, new NDList(batch.noisy(manager)), false).singletonOrThrow();
      return batch.loss(manager, logits, config).getFloat();
    }
  }

  private static double step(GuardedStep step, Trainer trainer, List<TokenState> data, int[] order, int from, int rows,
      Vocabulary vocabulary, NetworkConfig config, RandomStream random) {
    List<TokenState> picked = new java.util.ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      picked.add(data.get(order[from + r]));
    }
    double offset = random.nextDouble();
    // low-discrepancy times (MDLM): one uniform offset, the batch's times spread evenly over (0, 1]
    Masked batch = Masked.of(picked, r -> (offset + (double) r / rows) % 1.0, vocabulary, config.length(), random);
    return step.run(manager -> {
      NDArray logits = trainer.forward(new NDList(batch.noisy(manager))).singletonOrThrow();
      return batch.loss(manager, logits, config);
    });
  }

  /**
   * Designs masked at one diffusion time each (each token hidden with probability t), with the MDLM
   * weights 1 / t: token ids flattened row by row.
   */
  private record Masked(int rows, int length, long[] noisyIds, long[] clean, float[] masked, float[] weight) {
    /** {@code unitTime} maps a row to u in [0, 1), drawn before that row's masks; t = ε + (1 − ε) u. */
    static Masked of(List<TokenState> designs, java.util.function.IntToDoubleFunction unitTime, Vocabulary vocabulary,
        int length, RandomStream random) {
      int rows = designs.size();
      Masked b = new Masked(rows, length, new long[rows * length], new long[rows * length], new float[rows * length],
          new float[rows]);
      for (int r = 0; r < rows; r++) {
        TokenState x = designs.get(r);
        double t = MIN_TIME + (1 - MIN_TIME) * unitTime.applyAsDouble(r);
        b.weight[r] = (float) (1 / t);
        for (int i = 0; i < length; i++) {
          b.clean[r * length + i] = x.at(i);
          boolean hidden = random.nextDouble() < t;
          b.masked[r * length + i] = hidden ? 1 : 0;
          b.noisyIds[r * length + i] = hidden ? vocabulary.mask() : x.at(i);
        }
      }
      return b;
    }

    NDArray noisy(NDManager manager) {
      return manager.create(noisyIds, new Shape(rows, length));
    }

    /** Weighted cross-entropy at the masked positions, averaged per position. */
    NDArray loss(NDManager manager, NDArray logits, NetworkConfig config) {
      Shape shape = new Shape(rows, length);
      NDArray target = manager.create(clean, shape).oneHot(config.outputClasses());
      NDArray logLikelihood = logits.logSoftmax(2).mul(target).sum(new int[] {2});
      NDArray perSequence = logLikelihood.neg().mul(manager.create(masked, shape)).sum(new int[] {1})
          .mul(manager.create(weight, new Shape(rows)));
      return perSequence.mean().div(length);
    }
  }

}
