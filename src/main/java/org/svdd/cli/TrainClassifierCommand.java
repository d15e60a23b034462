package org.svdd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.svdd.model.ClassifierTrainer;
import org.svdd.model.ImageClassifier;
import org.svdd.model.SequenceClassifier;
import org.svdd.model.TrainingSettings;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;
import org.svdd.task.dna.PromoterTask;
import org.svdd.task.image.ImageTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code svdd train-classifier}: trains a task's classifier. For images the guide (a CNN on the
 * even-numbered training images) scores {@code class:<label>} rewards; the judge (an MLP on the
 * odd-numbered ones, so disjoint by image and different in kind) only evaluates, so a gain that merely
 * fools the guide shows. For promoters the guide is a CNN and the judge a k-mer network, each on its own
 * half of the genes ({@link PromoterClassifierTraining}).
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
    description = "Train a task's classifier: the guide behind its learned rewards (fashion: class:<label>; "
        + "promoter: promoter), or the held-out judge.")
final class TrainClassifierCommand implements Callable<Integer> {
  static final String GUIDE = "guide";
  static final String JUDGE = "judge";

  @Option(names = "--task", defaultValue = "fashion",
      description = "Task with a classifier: fashion or promoter (default: ${DEFAULT-VALUE}).")
  String task;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--role", required = true,
      description = "guide (fashion: even-numbered images; promoter: half the genes) or judge (the others).")
  String role;

  @Option(names = "--data", required = true, arity = "1..*",
      description = "fashion: labelled training images (IDX, labels beside); promoter: the upstream regions (bin/fetch-promoter-data).")
  List<Path> data;

  @Option(names = "--test", arity = "0..*",
      description = "fashion: labelled test images, for the accuracy per epoch and the card.")
  List<Path> test = List.of();

  @Option(names = "--out", description = "Classifier directory (default: the task's models/<task>/classifier-<role>).")
  Path out;

  @Option(names = "--replace", description = "Replace the classifier already in the output directory.")
  boolean replace;

  @Option(names = "--arch",
      description = "fashion: cnn or mlp (default: cnn for the guide, mlp for the judge); promoter: cnn or kmer (cnn, kmer).")
  String architecture;

  @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--held-out", defaultValue = "0.1",
      description = "promoter: the fraction of genes held out for testing, as in svdd train (default: ${DEFAULT-VALUE}).")
  double heldOut;

  @Option(names = "--members", defaultValue = "1",
      description = "promoter: networks trained from seeds seed, seed + 1, ... on the same split and averaged; a guide that all must agree on is harder to fool (default: ${DEFAULT-VALUE}).")
  int members;

  @Override
  public Integer call() throws Exception {
    if (!role.equals(GUIDE) && !role.equals(JUDGE)) {
      throw new IllegalArgumentException("--role must be guide or judge, got '" + role + "'");
    }
    if (members < 1) {
      throw new IllegalArgumentException("--members must be at least 1, got " + members);
    }
    TrainingOptions.check(epochs, batchSize, learningRate);
    TrainingSettings settings = new TrainingSettings(epochs, batchSize, learningRate, seed);
    DesignTask designTask = TaskRegistry.named(task, Home.dir());
    Path dir = out != null ? out : designTask.modelDir().resolve("classifier-" + role);
    if (designTask instanceof PromoterTask promoter) {
      TaskScopedOptions.refuseGiven(spec, task, "task fashion", "--test");
      String arch = architecture != null ? architecture : role.equals(GUIDE) ? SequenceClassifier.CNN : SequenceClassifier.KMER;
      if (!arch.equals(SequenceClassifier.CNN) && !arch.equals(SequenceClassifier.KMER)) {
        throw new IllegalArgumentException("--arch must be cnn or kmer for task promoter, got '" + arch + "'");
      }
      if (!(heldOut > 0 && heldOut < 1)) {
        throw new IllegalArgumentException("--held-out must lie in (0, 1), got " + heldOut);
      }
      TrainedDirs.checkFree(dir, SequenceClassifier.PROPERTIES, "classifier", replace);
      return new PromoterClassifierTraining(promoter, this).run(role, arch, dir);
    }
    if (!(designTask instanceof ImageTask images)) {
      throw new IllegalArgumentException("task " + task + " has no classifier to train; tasks with one: fashion, promoter");
    }
    TaskScopedOptions.refuseGiven(spec, task, "task promoter", "--members", "--held-out");
    String arch = architecture != null ? architecture : role.equals(GUIDE) ? ImageClassifier.CNN : ImageClassifier.MLP;
    if (!arch.equals(ImageClassifier.CNN) && !arch.equals(ImageClassifier.MLP)) {
      throw new IllegalArgumentException("--arch must be cnn or mlp, got '" + arch + "'");
    }
    TrainedDirs.checkFree(dir, ImageClassifier.PROPERTIES, "classifier", replace);
    ImageTask.Labelled all = images.labelled(data);
    ImageTask.Labelled split = half(all, role.equals(GUIDE) ? 0 : 1);
    ImageTask.Labelled held = test.isEmpty() ? new ImageTask.Labelled(new float[0][], new int[0]) : images.labelled(test);
    System.err.printf("%s: %d of %d training images (%s-numbered), %d test images%n", role, split.images().length,
        all.images().length, role.equals(GUIDE) ? "even" : "odd", held.images().length);
    List<ClassifierTrainer.EpochReport> history = new ArrayList<>();
    long started = System.nanoTime();
    // a classifier replaced keeps its weights, density and card together; a failure leaves the folder as it was
    try (StagedDir staged = StagedDir.in(dir)) {
      try (ProgressBar bar = Progress.bar("train", epochs);
          ImageClassifier classifier = ClassifierTrainer.train(split.images(), split.labels(), held.images(), held.labels(),
              images.height(), images.width(), arch, images.classes(), settings, report -> {
                bar.stepTo(report.epoch());
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f test accuracy %.4f", report.loss(),
                    report.heldOutAccuracy()));
                history.add(report);
              })) {
        classifier.fitDensity(split.images(), split.labels(), held.images());
        classifier.save(staged.path());
      }
      Files.writeString(staged.path().resolve("CLASSIFIER_CARD.md"),
          imageCard(arch, images, split, history, Workbench.since(started).toSeconds()));
      staged.commit();
    } catch (Exception e) {
      throw StagedDir.orDiskFull(e, dir, "classifier");
    }
    System.out.printf(Locale.ROOT, "%s classifier: test accuracy %.4f; wrote %s%n", role,
        history.get(history.size() - 1).heldOutAccuracy(), dir);
    return 0;
  }

  /** The image classifier's card: its data, training and feature density. */
  private String imageCard(String arch, ImageTask images, ImageTask.Labelled split,
      List<ClassifierTrainer.EpochReport> history, long seconds) {
    StringBuilder card = new StringBuilder();
    card.append(String.format(Locale.ROOT, "# Classifier card: %s %s%n%n", task, role));
    card.append(String.format(Locale.ROOT, "A %s over %s's %d classes %s, trained on the %s-numbered images of %s "
        + "(%d images; the %s classifier takes the others, so the two share no image), cross-entropy, Adam, batch %d, "
        + "learning rate %s, %d epochs, seed %d; %d s on this machine's CPU.%n%n", arch, task, images.classes().size(),
        images.classes(), role.equals(GUIDE) ? "even" : "odd", data, split.images().length,
        role.equals(GUIDE) ? JUDGE : GUIDE, batchSize, learningRate, epochs, seed, seconds));
    card.append("| epoch | train cross-entropy | test accuracy |\n|---|---|---|\n");
    for (ClassifierTrainer.EpochReport r : history) {
      card.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f |%n", r.epoch(), r.loss(), r.heldOutAccuracy()));
    }
    card.append("\nTest set: ").append(test.isEmpty() ? "none given" : test.toString()).append('\n');
    card.append(String.format(Locale.ROOT, "%nFeature density (%s): a Gaussian per class with a shared covariance over "
        + "the features before the output layer, fitted on the training images; an image is natural when its squared "
        + "Mahalanobis distance to the nearest class mean is within the %.0fth percentile of the %s images'.%n",
        "Lee et al. 2018", org.svdd.model.FeatureDensity.KEPT * 100, test.isEmpty() ? "training" : "test"));
    return card.toString();
  }

  /** The even- ({@code parity} 0) or odd-numbered images. */
  private static ImageTask.Labelled half(ImageTask.Labelled all, int parity) {
    int n = (all.images().length + 1 - parity) / 2;
    float[][] images = new float[n][];
    int[] labels = new int[n];
    for (int k = 0; k < n; k++) {
      images[k] = all.images()[2 * k + parity];
      labels[k] = all.labels()[2 * k + parity];
    }
    return new ImageTask.Labelled(images, labels);
  }
}
