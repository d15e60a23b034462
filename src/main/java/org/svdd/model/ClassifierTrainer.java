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
import java.util.function.DoubleSupplier;

/**
 * Trains a classifier (an {@link ImageClassifier} or a {@link SequenceClassifier}) by cross-entropy with
 * Adam, reporting the held-out accuracy per epoch.
 */
public final class ClassifierTrainer {
  private ClassifierTrainer() {}

  /** One epoch's figures: mean training cross-entropy and the accuracy on the held-out examples. */
  public record EpochReport(int epoch, int epochs, double loss, double heldOutAccuracy) {}

  /**
   * @param images values in [−1, 1], {@code height × width} each, row by row
   * @param labels class indices into {@code classes}
   * @return the trained classifier; the caller closes it
   */
  public static ImageClassifier train(float[][] images, int[] labels, float[][] heldOut, int[] heldOutLabels,
      int height, int width, String architecture, List<String> classes, TrainingSettings settings,
      Consumer<EpochReport> progress) {
    Model model = newModel(ImageClassifier.network(architecture, classes.size()), settings);
    ImageClassifier classifier = new ImageClassifier(model, architecture, height, width, classes);
    fit(model, images, labels, new Shape(1, height, width), settings,
        heldOut.length == 0 ? null : () -> classifier.accuracy(heldOut, heldOutLabels), progress);
    return classifier;
  }

  /**
   * @param windows equal-length sequences over the classifier's alphabet
   * @param labels class indices into {@code classes}
   * @return the trained classifier; the caller closes it
   */
  public static SequenceClassifier train(List<String> windows, int[] labels, List<String> heldOut, int[] heldOutLabels,
      String alphabet, String architecture, List<String> classes, TrainingSettings settings,
      Consumer<EpochReport> progress) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("no window to train on");
    }
    int length = windows.get(0).length();
    Model model = newModel(SequenceClassifier.network(architecture, classes.size()), settings);
    SequenceClassifier classifier = new SequenceClassifier(model, architecture, alphabet, length, classes);
    float[][] inputs = windows.stream().map(classifier::input).toArray(float[][]::new);
    fit(model, inputs, labels, classifier.inputShape(), settings,
        heldOut.isEmpty() ? null : () -> classifier.accuracy(heldOut, heldOutLabels), progress);
    return classifier;
  }

  private static Model newModel(ai.djl.nn.Block network, TrainingSettings settings) {
    Engine.getInstance().setRandomSeed((int) settings.seed());
    Model model = Model.newInstance(Classifiers.WEIGHTS, ModelFormat.DJL.engine());
    model.setBlock(network);
    return model;
  }

  /** Trains {@code model}'s block in place on inputs of shape {@code row} each; closes the model on failure. */
  private static void fit(Model model, float[][] inputs, int[] labels, Shape row, TrainingSettings settings,
      DoubleSupplier heldOutAccuracy, Consumer<EpochReport> progress) {
    if (inputs.length == 0 || inputs.length != labels.length) {
      model.close();
      throw new IllegalArgumentException("need as many labels as examples, at least one: " + inputs.length
          + " examples, " + labels.length + " labels");
    }
    int size = (int) row.size();
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(Optimizer.adam()
        .optLearningRateTracker(EpochLoop.tracker(settings, EpochLoop.totalSteps(settings, inputs.length))).build());
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(settings.batchSize()).addAll(row));
      EpochLoop.run(trainer, settings, inputs.length, 0, (step, order, epoch, from, rows) -> {
        float[] x = new float[rows * size];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(inputs[order[from + r]], 0, x, r * size, size);
          y[r] = labels[order[from + r]];
        }
        return step.run(manager -> {
          NDArray logits = trainer.forward(new NDList(manager.create(x, new Shape(rows).addAll(row)))).singletonOrThrow();
          return trainer.getLoss().evaluate(new NDList(manager.create(y)), new NDList(logits));
        });
      }, heldOutAccuracy, r -> progress.accept(new EpochReport(r.epoch(), r.epochs(), r.loss(), r.heldOutLoss())));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
