package org.svdd.cli;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.DdpmTrainer;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ImageNetwork;
import org.svdd.model.MdlmTrainer;
import org.svdd.model.ModelFiles;
import org.svdd.model.TrainingSettings;
import org.svdd.oracle.GreyImage;
import org.svdd.task.SequenceFiles;
import org.svdd.task.image.ImageCodec;
import org.svdd.task.image.ImageTask;

/**
 * {@code svdd train} for an image task: DDPM training of the U-Net on the task's images, then the model
 * directory (weights, {@code model.properties}), the loss per epoch, a grid of pre-trained samples,
 * held-out reference images and a model card.
 */
final class ImageTraining {
  /** Held-out images kept beside the model as the task's reference designs. */
  static final int REFERENCE_IMAGES = 256;
  private final ImageTask task;
  private final TrainCommand options;
  /** Where the model is written: {@code --out}'s staging folder, moved in once all is written. */
  private final Path dir;
  private final StagedDir staged;

  ImageTraining(ImageTask task, TrainCommand options, StagedDir staged) {
    this.task = task;
    this.options = options;
    this.dir = staged.path();
    this.staged = staged;
  }

  int run() throws IOException {
    ImageTask.ImageCorpus corpus = task.images(options.data, options.heldOut, options.seed, options.limit);
    System.err.printf("%d training images, %d held out%n", corpus.train().length, corpus.heldOut().length);
    TrainingOptions.checkSplit("image", corpus.train().length, corpus.heldOut().length, options.heldOut, options.data);
    ImageNetwork network = new ImageNetwork(task.height(), task.width(), options.base,
        org.svdd.core.diffusion.NoiseSchedule.COSINE);
    GaussianDiffusion process = network.process();
    TrainingSettings settings = new TrainingSettings(options.epochs, options.batchSize, options.learningRate, options.seed,
        options.cosine, options.ema);
    String unet = String.format(Locale.ROOT, "U-Net base %d, %d x %d, %s", options.base, task.height(), task.width(),
        network.schedule());
    TrainingResume resume = TrainingResume.beside(options.out, staged, options.epochs, java.util.Map.of("task",
        task.name(), "network", unet, "training", settings.toString(), "data", TrainingResume.digest(corpus.train()),
        "held-out", TrainingResume.digest(corpus.heldOut())));
    long started = System.nanoTime();
    List<MdlmTrainer.EpochReport> history = new ArrayList<>();
    Model trained;
    try (ProgressBar bar = Progress.bar("train", options.epochs)) {
      trained = DdpmTrainer.train(corpus.train(), corpus.heldOut(), task.height(), task.width(), options.base, process,
          settings, resume.checkpoint(), report -> {
            bar.stepTo(report.epoch());
            bar.setExtraMessage(report.summary());
            history.add(report);
            resume.kept(report);
          });
    }
    Duration trainingTime = resume.trainingTime(Duration.ofNanos(System.nanoTime() - started));
    try (trained) {
      ModelFiles.saveImage(trained, network, dir);
    }
    TrainCommand.writeHistory(dir.resolve("training.tsv"), history);
    LossPlot.write(dir, "epsilon MSE");
    writeReference(corpus.heldOut());
    int samples = options.judgeSamples == 0 ? 0 : Math.min(options.judgeSamples, 64);
    int steps = options.judgeSteps == null ? 100 : options.judgeSteps;
    if (samples > 0) {
      writeSampleGrid(samples, steps);
    }
    Files.writeString(dir.resolve("MODEL_CARD.md"), card(corpus, network, settings, trainingTime, history,
        samples, steps));
    staged.commit();
    resume.finished();
    System.out.printf(Locale.ROOT, "trained in %d s; held-out loss %.4f; wrote %s%n", trainingTime.toSeconds(),
        history.get(history.size() - 1).heldOutLoss(), options.out);
    return 0;
  }

  private void writeReference(float[][] heldOut) throws IOException {
    ImageCodec codec = new ImageCodec(task.width(), task.height());
    List<SequenceFiles.Entry> reference = new ArrayList<>();
    for (int k = 0; k < Math.min(REFERENCE_IMAGES, heldOut.length); k++) {
      reference.add(new SequenceFiles.Entry("heldout-" + k, codec.text(new FloatState(heldOut[k], 0))));
    }
    Files.createDirectories(dir.resolve("data"));
    task.writeDesigns(dir.resolve("data"), "heldout", reference);
  }

  /** Pre-trained samples of the saved model (loaded back, as a user's run would), as {@code samples.png}. */
  private void writeSampleGrid(int samples, int steps) throws IOException {
    RewardOracle none = designs -> java.util.concurrent.CompletableFuture.completedFuture(
        designs.stream().map(d -> new Reward(0, "")).toList());
    try (DiffusionModel model = ModelFiles.load(dir)) {
      List<GreyImage> images = new SequentialSampler(model.process(), model.newDenoiser(16), none, 64)
          .run(SamplingPlan.of(Method.PRETRAINED, samples, 1, 1, steps, options.seed)).samples().stream()
          .map(s -> GreyImage.of((FloatState) s.design(), task.width(), task.height())).toList();
      Files.write(dir.resolve("samples.png"), GreyImage.gridPng(images, 8, 2, 2));
    }
  }

  private String card(ImageTask.ImageCorpus corpus, ImageNetwork network, TrainingSettings settings, Duration time,
      List<MdlmTrainer.EpochReport> history, int samples, int steps) {
    StringBuilder s = new StringBuilder();
    s.append("# Model card: ").append(task.name()).append(" (Gaussian diffusion, DDPM)\n\n");
    s.append("## Data\n\n").append(corpus.provenance()).append("\n\n");
    s.append("## Network and training\n\n");
    s.append(String.format(Locale.ROOT, "A time-conditioned U-Net (SmallUNet) of %d channels at full resolution, two levels, "
        + "group norm, predicting the noise ε of %d x %d images; %s noise schedule; DDPM's ε-MSE (Ho et al. 2020), "
        + "Adam, batch %d, learning rate %s%s, %d epochs, gradient norm clipped at 1%s, seed %d. Trained in %d min %d s "
        + "on this machine's CPU (2 cores).%n%n", network.base(), network.height(), network.width(),
        network.schedule().name().toLowerCase(Locale.ROOT), settings.batchSize(), settings.learningRate(),
        settings.cosine() ? " (warm-up, cosine decay)" : "", settings.epochs(),
        settings.emaDecay() > 0 ? ", weights averaged (EMA " + settings.emaDecay() + ")" : "", settings.seed(),
        time.toMinutes(), time.toSecondsPart()));
    s.append("Command: `svdd ").append(String.join(" ", options.commandLine)).append("`\n\n");
    s.append("## Loss per epoch (ε-MSE; held out: fixed times and noise)\n\n![loss](loss.png)\n\n"
        + "| epoch | train | held out |\n|---|---|---|\n");
    for (MdlmTrainer.EpochReport r : history) {
      s.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f |%n", r.epoch(), r.loss(), r.heldOutLoss()));
    }
    if (samples > 0) {
      s.append(String.format(Locale.ROOT, "%n## Samples%n%n%d pre-trained samples, %d DDPM steps (η = %s), seed %d: "
          + "![samples](samples.png)%n", samples, steps, ImageNetwork.ETA, options.seed));
    }
    return s.toString();
  }
}
