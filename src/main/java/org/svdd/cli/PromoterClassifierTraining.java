package org.svdd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.svdd.model.ClassifierTrainer;
import org.svdd.model.SequenceClassifier;
import org.svdd.model.TrainingSettings;
import org.svdd.task.KmerMarkovBaseline;
import org.svdd.task.SequenceFiles;
import org.svdd.task.dna.CorePromoterMotifs;
import org.svdd.task.dna.PromoterData;
import org.svdd.task.dna.PromoterTask;
import org.svdd.task.dna.UpstreamRegions;

/**
 * {@code svdd train-classifier --task promoter}: trains the guide (CNN) or judge (MLP) promoter predictor
 * on its side of the split by gene, measures it on the test genes against a k-mer baseline (two Markov
 * chains, promoters against far-upstream windows, by likelihood ratio), writes the test genes' core
 * promoters as the task's reference designs (beside the classifier's directory, under {@code data/}),
 * and a card.
 */
final class PromoterClassifierTraining {
  private static final String ALPHABET = "ACGT";
  private final PromoterTask task;
  private final TrainClassifierCommand options;

  PromoterClassifierTraining(PromoterTask task, TrainClassifierCommand options) {
    this.task = task;
    this.options = options;
  }

  int run(String role, String architecture, Path dir) throws Exception {
    if (options.data.size() != 1) {
      throw new IllegalArgumentException("task promoter reads one file of upstream regions (bin/fetch-promoter-data), got "
          + options.data.size());
    }
    PromoterData data = PromoterData.split(UpstreamRegions.read(options.data.get(0)), PromoterTask.WIDTH,
        options.heldOut, options.seed);
    PromoterData.Side side = role.equals(TrainClassifierCommand.GUIDE) ? PromoterData.Side.GUIDE : PromoterData.Side.JUDGE;
    PromoterData.Labelled train = PromoterData.labelled(data.regions(side), PromoterTask.WIDTH, options.seed);
    PromoterData.Labelled test = PromoterData.labelled(data.test(), PromoterTask.WIDTH, options.seed + 1);
    System.err.printf("%s: %d windows of %d regions (%s genes), %d test windows of %d regions%n", role, train.size(),
        data.regions(side).size(), role, test.size(), data.test().size());
    List<ClassifierTrainer.EpochReport> history = new ArrayList<>();
    double[] memberAccuracy = new double[options.members];
    long started = System.nanoTime();
    double accuracy;
    List<SequenceClassifier> trained = new ArrayList<>();
    try (ProgressBar bar = Progress.bar("train", (long) options.epochs * options.members)) {
      for (int m = 0; m < options.members; m++) {
        // the split and windows stay those of --seed; each member starts from its own weights and shuffles
        TrainingSettings settings = new TrainingSettings(options.epochs, options.batchSize, options.learningRate,
            options.seed + m);
        int done = m * options.epochs;
        boolean first = m == 0;
        SequenceClassifier member = ClassifierTrainer.train(train.windows(), train.labels(), test.windows(),
            test.labels(), ALPHABET, architecture, PromoterTask.CLASSES, settings, report -> {
              bar.stepTo(done + report.epoch());
              bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f test accuracy %.4f", report.loss(),
                  report.heldOutAccuracy()));
              if (first) {
                history.add(report);
              }
            });
        trained.add(member);
        memberAccuracy[m] = member.accuracy(test.windows(), test.labels());
      }
    } catch (RuntimeException e) {
      trained.forEach(SequenceClassifier::close);
      throw e;
    }
    Path reference = dir.toAbsolutePath().getParent().resolve("data").resolve(task.reference().getFileName());
    // a predictor replaced keeps its weights and card together; a failure leaves the folder as it was
    try (StagedDir staged = StagedDir.in(dir)) {
      try (SequenceClassifier classifier = SequenceClassifier.ensemble(trained)) {
        classifier.save(staged.path());
        accuracy = classifier.accuracy(test.windows(), test.labels());
      }
      Files.writeString(staged.path().resolve("CLASSIFIER_CARD.md"), card(role, architecture, train, test, history,
          accuracy, memberAccuracy, Workbench.since(started).toSeconds()));
      staged.commit();
    } catch (Exception e) {
      throw StagedDir.orDiskFull(e, dir, "predictor");
    }
    Files.createDirectories(reference.getParent());
    SequenceFiles.writeFasta(reference, data.testPromoters());
    System.out.printf(Locale.ROOT, "%s predictor: test accuracy %.4f; wrote %s and %s%n", role, accuracy, dir, reference);
    return 0;
  }

  /** The predictor's card: how it was trained, its test accuracy against its members and the baselines. */
  private String card(String role, String architecture, PromoterData.Labelled train, PromoterData.Labelled test,
      List<ClassifierTrainer.EpochReport> history, double accuracy, double[] memberAccuracy, long seconds) {
    StringBuilder card = new StringBuilder();
    card.append(String.format(Locale.ROOT, "# Classifier card: promoter %s%n%n", role));
    card.append(String.format(Locale.ROOT, "A %s (`SequenceClassifier`, one-hot input) telling a core promoter (the "
        + "%d nt ending at a transcription start site) from a window of the first %d nt of the same 2 kb upstream "
        + "region, trained on the %s genes of %s (split by gene, seed %d, %.0f %% of genes held out for testing; the "
        + "other predictor takes the other half, so the two share no gene): %d windows (%d promoters), cross-entropy, Adam, "
        + "batch %d, learning rate %s, %d epochs; %d s on this machine's CPU.%n%n", architecture, PromoterTask.WIDTH,
        PromoterData.FAR_SPAN, role, options.data.get(0).getFileName(), options.seed, options.heldOut * 100, train.size(),
        java.util.Arrays.stream(train.labels()).sum(),
        options.batchSize, options.learningRate, options.epochs, seconds));
    if (options.members > 1) {
      card.append(String.format(Locale.ROOT, "An ensemble of %d such networks, trained from seeds %d to %d on the same "
          + "windows and averaged (their log-probabilities, renormalised: for two classes the mean of their log-odds), so "
          + "that steering must please all of them at once. The first member's training:%n%n", options.members,
          options.seed, options.seed + options.members - 1));
    }
    card.append("| epoch | train cross-entropy | test accuracy |\n|---|---|---|\n");
    for (ClassifierTrainer.EpochReport r : history) {
      card.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f |%n", r.epoch(), r.loss(), r.heldOutAccuracy()));
    }
    card.append(String.format(Locale.ROOT, "%nOn the %d test windows of the test genes (%d promoters):%n%n| predictor | test "
        + "accuracy |%n|---|---|%n| this %s%s | %.4f |%n", test.size(), java.util.Arrays.stream(test.labels()).sum(),
        architecture, options.members > 1 ? " (ensemble of " + options.members + ")" : "", accuracy));
    for (int m = 0; m < options.members && options.members > 1; m++) {
      card.append(String.format(Locale.ROOT, "| member %d alone (seed %d) | %.4f |%n", m + 1, options.seed + m,
          memberAccuracy[m]));
    }
    for (int order : new int[] {2, 4}) {
      card.append(String.format(Locale.ROOT, "| k-mer baseline: order-%d Markov chains (%d-mers), likelihood ratio | %.4f |%n",
          order, order + 1, markovAccuracy(train, test, order)));
    }
    card.append(String.format(Locale.ROOT, "| TATA box (TATAWAWR, %s) alone | %.4f |%n",
        "22-40 nt before the window's end", tataAccuracy(test)));
    card.append(String.format(Locale.ROOT, "%nCommand: `svdd train-classifier --task promoter --role %s --arch %s --data "
        + "%s --epochs %d --batch-size %d --lr %s --held-out %s --seed %d%s`%n", role, architecture, options.data.get(0),
        options.epochs, options.batchSize, options.learningRate, options.heldOut, options.seed,
        options.members > 1 ? " --members " + options.members : ""));
    return card.toString();
  }

  /** Accuracy of the likelihood ratio of two order-k Markov chains, one per class, on the test windows. */
  static double markovAccuracy(PromoterData.Labelled train, PromoterData.Labelled test, int order) {
    List<List<int[]>> byClass = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < train.size(); i++) {
      byClass.get(train.labels()[i]).add(ids(train.windows().get(i)));
    }
    KmerMarkovBaseline far = new KmerMarkovBaseline(order, ALPHABET.length(), byClass.get(0));
    KmerMarkovBaseline promoter = new KmerMarkovBaseline(order, ALPHABET.length(), byClass.get(1));
    int right = 0;
    for (int i = 0; i < test.size(); i++) {
      int[] s = ids(test.windows().get(i));
      int predicted = promoter.logLikelihood(s) > far.logLikelihood(s) ? 1 : 0;
      right += predicted == test.labels()[i] ? 1 : 0;
    }
    return right / (double) test.size();
  }

  /** Accuracy of calling a window a promoter exactly when it has a TATA box where core promoters have it. */
  private static double tataAccuracy(PromoterData.Labelled test) {
    int right = 0;
    for (int i = 0; i < test.size(); i++) {
      right += (CorePromoterMotifs.hasTata(test.windows().get(i)) ? 1 : 0) == test.labels()[i] ? 1 : 0;
    }
    return right / (double) test.size();
  }

  private static int[] ids(String window) {
    return window.chars().map(ALPHABET::indexOf).toArray();
  }
}
