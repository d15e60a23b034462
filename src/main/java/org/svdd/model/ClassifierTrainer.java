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
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

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
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(MdlmTrainer.tracker(settings,
            (images.length + settings.batchSize() - 1) / settings.batchSize() * settings.epochs())).build());
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(settings.batchSize(), 1, height, width));
      GuardedStep step = new GuardedStep(trainer, 0);
      int[] order = new int[images.length];
      for (int epoch = 0; epoch < settings.epochs(); epoch++) {
        MdlmTrainer.shuffle(order, RandomStream.of(settings.seed(), Purpose.TRAIN, epoch));
        double total = 0;
        int batches = 0;
        for (int from = 0; from < order.length; from += settings.batchSize()) {
          int rows = Math.min(settings.batchSize(), order.length - from);
          float[] x = new float[rows * pixels];
          float[] y = new float[rows];
          for (int r = 0; r < rows; r++) {
            System.arraycopy(images[order[from + r]], 0, x, r * pixels, pixels);
            y[r] = labels[order[from + r]];
          }
          total += step.run(manager -> {
            NDArray logits = trainer.forward(new NDList(manager.create(x, new Shape(rows, 1, height, width))))
                .singletonOrThrow();
            return trainer.getLoss().evaluate(new NDList(manager.create(y)), new NDList(logits));
          });
          batches++;
        }
        progress.accept(new EpochReport(epoch + 1, settings.epochs(), total / batches,
            heldOut.length == 0 ? Double.NaN : classifier.accuracy(heldOut, heldOutLabels)));
      }
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return classifier;
  }
}
