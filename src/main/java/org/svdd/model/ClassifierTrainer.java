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

/** Trains an {@link ImageClassifier} by cross-entropy with Adam, reporting the held-out accuracy per epoch. */
public final class ClassifierTrainer {
  private ClassifierTrainer() {}

  /** One epoch's figures: mean training cross-entropy and the accuracy on the held-out images. */
  public record EpochReport(int epoch, int epochs, double loss, double heldOutAccuracy) {}

  /**
   * @param images values in [−1, 1], {@code height × width} each, row by row
   * @param labels class indices into {@code classes}
   * @return the trained classifier; the caller closes it
   */
  public static ImageClassifier train(float[][] images, int[] labels, float[][] heldOut, int[] heldOutLabels,
      int height, int width, String architecture, List<String> classes, TrainingSettings settings,
      Consumer<EpochReport> progress) {
    if (images.length == 0 || images.length != labels.length) {
      throw new IllegalArgumentException("need as many labels as images, at least one: " + images.length + " images, "
          + labels.length + " labels");
    }
    Engine.getInstance().setRandomSeed((int) settings.seed());
    Model model = Model.newInstance(ImageClassifier.WEIGHTS, ModelFormat.DJL.engine());
    model.setBlock(ImageClassifier.network(architecture, classes.size()));
    ImageClassifier classifier = new ImageClassifier(model, architecture, height, width, classes);
    int pixels = height * width;
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(Optimizer.adam()
        .optLearningRateTracker(EpochLoop.tracker(settings, EpochLoop.totalSteps(settings, images.length))).build());
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(settings.batchSize(), 1, height, width));
      EpochLoop.run(trainer, settings, images.length, 0, (step, order, epoch, from, rows) -> {
        float[] x = new float[rows * pixels];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(images[order[from + r]], 0, x, r * pixels, pixels);
          y[r] = labels[order[from + r]];
        }
        return step.run(manager -> {
          NDArray logits = trainer.forward(new NDList(manager.create(x, new Shape(rows, 1, height, width)))).singletonOrThrow();
          return trainer.getLoss().evaluate(new NDList(manager.create(y)), new NDList(logits));
        });
      }, heldOut.length == 0 ? null : () -> classifier.accuracy(heldOut, heldOutLabels),
          r -> progress.accept(new EpochReport(r.epoch(), r.epochs(), r.loss(), r.heldOutLoss())));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return classifier;
  }
}
