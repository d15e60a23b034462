package org.svdd.model;

import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

/**
 * The epoch loop the trainers share: each epoch a keyed shuffle, batches through a {@link GuardedStep},
 * the weight average (when kept) updated after every step and swapped in to score the held-out set, a
 * report per epoch; at the end the averaged weights stay in the model. Also the learning-rate schedule.
 */
final class EpochLoop {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EpochLoop.class);

  private EpochLoop() {}

  /** One batch: rows {@code order[from, from + rows)} of epoch {@code epoch}; returns the loss applied. */
  interface BatchStep {
    double run(GuardedStep step, int[] order, int epoch, int from, int rows);
  }

  /**
   * @param size training examples
   * @param heldOut the held-out score of the model's current weights, or null for none (reported as NaN)
   */
  static void run(Trainer trainer, TrainingSettings settings, int size, double maxGradientNorm, BatchStep batch,
      DoubleSupplier heldOut, Consumer<MdlmTrainer.EpochReport> progress) {
    run(trainer, settings, size, maxGradientNorm, batch, heldOut, null, null, progress);
  }

  /**
   * As above, keeping the state after each epoch in {@code checkpoint} (when not null) and going on from the state
   * kept there: the epochs it did are reported again, first, and not trained again. The trainer's optimiser must be
   * {@code adam}, whose state the checkpoint keeps. Dropout draws from the engine's generator, seeded afresh each
   * epoch from the seed and the epoch, so that an epoch trains alike whether or not the run stopped before it.
   */
  static void run(Trainer trainer, TrainingSettings settings, int size, double maxGradientNorm, BatchStep batch,
      DoubleSupplier heldOut, TrainingCheckpoint checkpoint, ResumableAdam adam,
      Consumer<MdlmTrainer.EpochReport> progress) {
    ai.djl.nn.Block block = trainer.getModel().getBlock();
    WeightAverage average = settings.emaDecay() > 0 ? new WeightAverage(block, settings.emaDecay()) : null;
    GuardedStep step = new GuardedStep(trainer, maxGradientNorm);
    java.util.List<MdlmTrainer.EpochReport> history = new java.util.ArrayList<>();
    double secondsBefore = checkpoint == null ? 0 : checkpoint.trainedSeconds();
    long started = System.nanoTime();
    if (checkpoint != null) {
      history.addAll(checkpoint.restore(block, average, adam));
      history.forEach(progress);
    }
    for (int epoch = history.size(); epoch < settings.epochs(); epoch++) {
      if (checkpoint != null) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(
            (int) RandomStream.of(settings.seed(), Purpose.TRAIN, epoch, -1, 3).nextLong());
      }
      int[] order = RandomStream.of(settings.seed(), Purpose.TRAIN, epoch).permutation(size);
      double total = 0;
      int batches = 0;
      int retriedBefore = step.repeated();
      int leftOutBefore = step.skipped();
      for (int from = 0; from < order.length; from += settings.batchSize()) {
        total += batch.run(step, order, epoch, from, Math.min(settings.batchSize(), order.length - from));
        batches++;
        if (average != null) {
          average.update();
        }
      }
      double heldOutScore = Double.NaN;
      if (heldOut != null) {
        if (average != null) {
          average.swap();
        }
        heldOutScore = heldOut.getAsDouble();
        if (average != null) {
          average.swap();
        }
      }
      MdlmTrainer.EpochReport report = new MdlmTrainer.EpochReport(epoch + 1, settings.epochs(), total / batches,
          heldOutScore, step.repeated() - retriedBefore, step.skipped() - leftOutBefore);
      history.add(report);
      if (checkpoint != null) {
        checkpoint.save(history, secondsBefore + (System.nanoTime() - started) / 1e9, block, average, adam);
      }
      progress.accept(report);
    }
    if (step.repeated() > 0) {
      LOG.warn("non-finite gradients in training: {} backward passes run again, {} batches left out",
          step.repeated(), step.skipped());
    }
    if (average != null) {
      average.swap();
      average.close();
    }
  }

  /** The learning rate over {@code totalSteps}: fixed, or warm-up then cosine decay. */
  static Tracker tracker(TrainingSettings settings, int totalSteps) {
    if (!settings.cosine()) {
      return Tracker.fixed(settings.learningRate());
    }
    int warmUp = Math.max(1, totalSteps / 20);
    Tracker decay = ai.djl.training.tracker.CosineTracker.builder().setBaseValue(settings.learningRate())
        .optFinalValue(settings.learningRate() / 100).setMaxUpdates(Math.max(1, totalSteps - warmUp)).build();
    return ai.djl.training.tracker.WarmUpTracker.builder().setMainTracker(decay).optWarmUpSteps(warmUp)
        .optWarmUpBeginValue(0).build();
  }

  /** The optimiser steps of a run over {@code size} examples. */
  static int totalSteps(TrainingSettings settings, int size) {
    return (size + settings.batchSize() - 1) / settings.batchSize() * settings.epochs();
  }
}
