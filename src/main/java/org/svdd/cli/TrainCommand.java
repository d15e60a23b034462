package org.svdd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.ElboEstimator;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.model.DiffusionModel;
import org.svdd.model.MdlmTrainer;
import org.svdd.model.ModelFiles;
import org.svdd.model.NetworkConfig;
import org.svdd.model.TrainingSettings;
import org.svdd.task.DesignTask;
import org.svdd.task.KmerMarkovBaseline;
import org.svdd.task.ModelCard;
import org.svdd.task.TaskRegistry;
import org.svdd.task.TrainingCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code svdd train}: trains a task's masked-diffusion model and writes it with its data split and model card. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a task's diffusion model on its real data: masked diffusion (MDLM loss) for sequences, "
        + "Gaussian diffusion (DDPM loss) for images.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--task", defaultValue = "trna",
      description = "Task whose data and vocabulary to train on: trna, molecules, fashion or promoter (default: "
          + "${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--data", required = true, arity = "1..*",
      description = "Raw data files: Stockholm or FASTA for trna; SMILES (.smi), CSV, ChEBI OBO or SDF for molecules; "
          + "IDX image files (labels beside them) for fashion; the upstream regions, FASTA gzipped or plain "
          + "(bin/fetch-promoter-data), for promoter.")
  List<Path> data;

  @Option(names = "--out", required = true, description = "Model directory to write.")
  Path out;

  @Option(names = "--replace", description = "Replace the model already in --out (its value networks stay, fitted to the old one: "
      + "train them again with train-value --replace).")
  boolean replace;

  @Option(names = "--length", defaultValue = "96", description = "Maximum length; longer sequences are dropped (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--arch", defaultValue = "cnn",
      description = "Network: cnn (dilated residual CNN), hybrid (the CNN with self-attention after every fifth block) "
          + "or transformer (default: ${DEFAULT-VALUE}).")
  String architecture;

  @Option(names = "--hidden", defaultValue = "64", description = "Channels or embedding width (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--blocks", defaultValue = "6", description = "Residual blocks or encoder layers (default: ${DEFAULT-VALUE}).")
  int blocks;

  @Option(names = "--heads", defaultValue = "4", description = "Attention heads, hybrid and transformer only (default: ${DEFAULT-VALUE}).")
  int heads;

  @Option(names = "--dropout", defaultValue = "0",
      description = "cnn and hybrid: share of each residual convolution's outputs dropped while training, e.g. 0.1 "
          + "(default: off). Sampling never drops.")
  float dropout;

  @Option(names = "--cosine", description = "Warm the learning rate up over 5 %% of steps, then decay it along a cosine.")
  boolean cosine;

  @Option(names = "--ema", defaultValue = "0",
      description = "Save an exponential moving average of the weights with this decay per step, e.g. 0.999 (default: off).")
  double ema;

  @Option(names = "--base", defaultValue = "16",
      description = "Image tasks: the U-Net's channels at full resolution (default: ${DEFAULT-VALUE}).")
  int base;

  @Option(names = "--limit", defaultValue = "-1",
      description = "Image tasks: train on at most this many images (default: all).")
  int limit;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** The arguments as given, for the model card. */
  List<String> commandLine = List.of();

  @Option(names = "--kernel", defaultValue = "5", description = "Convolution width (default: ${DEFAULT-VALUE}).")
  int kernel;

  @Option(names = "--epochs", defaultValue = "60", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--held-out", defaultValue = "0.1", description = "Held-out fraction (default: ${DEFAULT-VALUE}).")
  double heldOut;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--judge-samples", defaultValue = "1000",
      description = "Pre-trained samples put before the task's held-out judge for the model card, 0 for none (default: ${DEFAULT-VALUE}).")
  int judgeSamples;

  @Option(names = "--init",
      description = "Start from the weights of this model directory (trained with the same network and data) instead of random ones, e.g. to train on where it stopped.")
  Path init;

  @Option(names = "--judge-steps", description = "Denoising steps of those samples (default: the length).")
  Integer judgeSteps;

  @Option(names = "--largest-fragment", description = "molecules: train on a salt's or solvate's largest fragment "
      + "instead of dropping the record (counter-ions and solvent dropped), saying how many records were cut.")
  boolean largestFragment;

  @Option(names = "--neutralise", description = "molecules: train on each molecule's neutral form (protons added or "
      + "removed as RDKit's Uncharger does) instead of dropping a net-charged record; after --largest-fragment.")
  boolean neutralise;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    DesignTask designTask = TaskRegistry.named(task, Home.dir());
    if (designTask instanceof org.svdd.task.image.ImageTask images) {
      TaskScopedOptions.refuseGiven(spec, task, "the sequence tasks (a masked-diffusion network)", "--length", "--arch",
          "--hidden", "--blocks", "--kernel", "--heads", "--dropout", "--init");
      if (largestFragment || neutralise) {
        throw new IllegalArgumentException("task " + task + " trains on its records as they are (--largest-fragment and "
            + "--neutralise are for molecules)");
      }
      if (spec != null) {
        commandLine = spec.commandLine().getParseResult().originalArgs();
      }
    } else {
      TaskScopedOptions.refuseGiven(spec, task, "the image tasks (a U-Net)", "--base", "--limit");
    }
    try (StagedDir staged = StagedDir.in(out)) {
      return designTask instanceof org.svdd.task.image.ImageTask images
          ? new ImageTraining(images, this, staged).run() : trainSequences(designTask, staged);
    } catch (Exception e) {
      throw StagedDir.orDiskFull(e, out, "model");
    }
  }

  /**
   * Trains a masked-diffusion model, keeping its state after each epoch beside {@code --out} ({@link TrainingResume}),
   * and writes it, its data split and its card into {@code staged}, then commits it and drops the kept state.
   */
  private int trainSequences(DesignTask designTask, StagedDir staged) throws Exception {
    Path dir = staged.path();
    TrainingCorpus corpus = corpus(designTask);
    int repeats = corpus.read() - corpus.unique() - corpus.dropped();
    System.err.printf("%d records read, %d unique kept (%d train, %d held out), %s%s%n", corpus.read(),
        corpus.unique(), corpus.train().size(), corpus.heldOut().size(),
        repeats > 0 ? repeats + (repeats == 1 ? " repeat" : " repeats") + " of a kept design, " : "",
        corpus.droppedInWords());
    if (corpus.unique() == 0) {
      throw new IllegalArgumentException("no design in " + data + " is usable for task " + task);
    }
    TrainingOptions.checkSplit("design", corpus.train().size(), corpus.heldOut().size(), heldOut, data);
    Vocabulary vocabulary = corpus.vocabulary();
    DesignCodec codec = designTask.codec(new MaskedDiffusion(vocabulary, length));
    Files.createDirectories(dir.resolve("data"));
    designTask.writeDesigns(dir.resolve("data"), "train", corpus.train());
    designTask.writeDesigns(dir.resolve("data"), "heldout", corpus.heldOut());

    NetworkConfig config = new NetworkConfig(length, vocabulary.inputSize(), vocabulary.cleanSize(), hidden, blocks, kernel,
        architecture, architecture.equals(NetworkConfig.CNN) ? 1 : heads, dropout);
    TrainingSettings settings = new TrainingSettings(epochs, batchSize, learningRate, seed, cosine, ema);
    List<TokenState> train = corpus.train().stream().map(e -> (TokenState) codec.parse(e.sequence(), length)).toList();
    List<TokenState> held = corpus.heldOut().stream().map(e -> (TokenState) codec.parse(e.sequence(), length)).toList();
    String designs = TrainingResume.digest(java.util.stream.Stream.concat(corpus.train().stream(),
        corpus.heldOut().stream()).map(e -> e.sequence()).toList());
    TrainingResume resume = TrainingResume.beside(out, staged, epochs, Map.of("task", task, "network",
        config.toString(), "training", settings.toString(), "data", designs, "init",
        init == null ? "none" : init.toAbsolutePath().normalize().toString()));
    long started = System.nanoTime();
    List<MdlmTrainer.EpochReport> history = new java.util.ArrayList<>();
    DiffusionModel model;
    try (ProgressBar bar = Progress.bar("train", epochs)) {
      model = MdlmTrainer.train(train, held, vocabulary, config, settings, init, resume.checkpoint(), report -> {
        bar.stepTo(report.epoch());
        bar.setExtraMessage(report.summary());
        history.add(report);
        resume.kept(report);
      });
    }
    Duration trainingTime = resume.trainingTime(Duration.ofNanos(System.nanoTime() - started));
    try (model) {
      ModelFiles.save(model, config, dir);
      writeHistory(dir.resolve("training.tsv"), history);
      LossPlot.write(dir, "loss (nats per position)");
      double[] perSequence;
      try (Progress.Delayed bar = Progress.delayed("held-out ELBO", held.size())) {
        perSequence = new ElboEstimator(new MaskedDiffusion(vocabulary, length), model.newDenoiser(32), 32, 256)
            .logLikelihoodPerSymbol(held, seed, bar::doneSoFar);
      }
      double elbo = java.util.Arrays.stream(perSequence).average().orElse(Double.NaN);
      double[] markov = new double[6];
      for (int k = 0; k < markov.length; k++) {
        markov[k] = new KmerMarkovBaseline(k, vocabulary.size(), symbolIds(train, vocabulary))
            .logLikelihoodPerSymbol(symbolIds(held, vocabulary));
      }
      ModelCard card = new ModelCard(task, data.stream().map(Path::toString).toList(), corpus, config, settings,
          trainingTime, -elbo, markov);
      if (init != null) {
        card = card.withInit(init.toString());
      }
      if (judgeSamples > 0) {
        card = judge(designTask, model, codec, held).map(card::withJudged).orElse(card);
      }
      Files.writeString(dir.resolve("MODEL_CARD.md"), card.markdown(out.toString()));
      staged.commit();
      resume.finished();
      System.out.print(card.summary());
    }
    return 0;
  }

  /** Refuses a bad option before any data is read or any epoch trained. */
  private void checkOptions() {
    if (!NetworkConfig.ARCHITECTURES.contains(architecture)) {
      throw new IllegalArgumentException("--arch must be cnn, hybrid or transformer, got '" + architecture + "'");
    }
    if (architecture.equals(NetworkConfig.HYBRID) && blocks < NetworkConfig.DILATION_CYCLE) {
      throw new IllegalArgumentException("--arch hybrid puts attention after every fifth block: --blocks must be at "
          + "least " + NetworkConfig.DILATION_CYCLE + ", got " + blocks);
    }
    if (!architecture.equals(NetworkConfig.CNN) && (heads < 1 || hidden % heads != 0)) {
      throw new IllegalArgumentException("--heads must divide --hidden " + hidden + ", got " + heads);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("--dropout must lie in [0, 1) (0: off), got " + dropout);
    }
    if (dropout > 0 && architecture.equals(NetworkConfig.TRANSFORMER)) {
      throw new IllegalArgumentException("--dropout applies to the cnn and hybrid networks; the transformer's layers "
          + "have their own (0.1)");
    }
    if (!(ema >= 0 && ema < 1)) {
      throw new IllegalArgumentException("--ema must lie in [0, 1) (0: off), got " + ema);
    }
    if (init != null && !Files.isRegularFile(init.resolve(ModelFiles.PROPERTIES))) {
      throw new IllegalArgumentException("--init " + init + " is not a model directory (no "
          + ModelFiles.PROPERTIES + ")");
    }
    if (judgeSamples < 0) {
      throw new IllegalArgumentException("--judge-samples must be 0 (none) or more, got " + judgeSamples);
    }
    if (base < 1) {
      throw new IllegalArgumentException("--base must be at least 1, got " + base);
    }
    TrainingOptions.check(epochs, batchSize, learningRate);
    if (judgeSteps != null && judgeSteps < 1) {
      throw new IllegalArgumentException("--judge-steps must be at least 1, got " + judgeSteps);
    }
    TrainedDirs.checkFree(out, ModelFiles.PROPERTIES, "model", replace);
    List<String> valueNetworks = replace ? TrainedDirs.companions(out) : List.of();
    if (!valueNetworks.isEmpty()) {
      System.err.println("svdd: replacing the model in " + out + "; its value networks " + valueNetworks
          + " were fitted to the old model's samples, and --value mc refuses them beside the new one: train them again "
          + "with svdd train-value --replace");
    }
  }

  /** The task's corpus of --data, each record first cut to its largest fragment and neutralised when asked. */
  private TrainingCorpus corpus(DesignTask designTask) throws java.io.IOException {
    if (!largestFragment && !neutralise) {
      return designTask.corpus(data, length, heldOut, seed);
    }
    RecordPreparation prepare = new RecordPreparation(designTask, largestFragment, neutralise);
    TrainingCorpus corpus = designTask.corpus(data, length, heldOut, seed, prepare);
    String done = (largestFragment ? prepare.cut() + " records cut to their largest fragment" : "")
        + (largestFragment && neutralise ? ", " : "") + (neutralise ? prepare.neutralised() + " neutralised" : "");
    System.err.println("svdd: " + done);
    return new TrainingCorpus(corpus.train(), corpus.heldOut(), corpus.vocabulary(), corpus.read(), corpus.droppedWhy(),
        corpus.provenance() + " Each record was first prepared (--largest-fragment, --neutralise, as RDKit's "
            + "LargestFragmentChooser and Uncharger would): " + done + ".");
  }

  /** Pre-trained samples and the held-out designs before the task's judge, if it has one that can run here. */
  private java.util.Optional<ModelCard.JudgedSamples> judge(DesignTask designTask, DiffusionModel model, DesignCodec codec,
      List<TokenState> held) {
    java.util.Optional<org.svdd.task.Judge> judge;
    try {
      judge = designTask.judge(com.typesafe.config.ConfigFactory.load());
    } catch (RuntimeException e) {
      System.err.println("svdd: the model card has no judge section: " + e.getMessage());
      return java.util.Optional.empty();
    }
    if (judge.isEmpty()) {
      return java.util.Optional.empty();
    }
    try (org.svdd.task.Judge j = judge.get()) {
      int steps = judgeSteps == null ? length : judgeSteps;
      org.svdd.core.reward.RewardOracle none = designs -> java.util.concurrent.CompletableFuture.completedFuture(
          designs.stream().map(d -> new org.svdd.core.reward.Reward(0, "")).toList());
      System.err.printf("sampling %d designs (T = %d) for the judge...%n", judgeSamples, steps);
      List<String> samples = new org.svdd.core.method.SequentialSampler(new MaskedDiffusion(model.vocabulary(), length),
          model.newDenoiser(32), none, 256)
          .run(org.svdd.core.method.SamplingPlan.of(org.svdd.core.method.Method.PRETRAINED, judgeSamples, 1, 1, steps, seed))
          .samples().stream().map(s -> codec.text(s.design())).toList();
      return java.util.Optional.of(new ModelCard.JudgedSamples(j.name(), steps, judged(j, samples),
          judged(j, held.stream().map(codec::text).toList())));
    } catch (RuntimeException e) {
      // the model is saved by now; a judge that fails costs the card its section, not the training
      System.err.println("svdd: the model card has no judge section: the judge failed: "
          + org.svdd.core.reward.Failures.describe(e));
      return java.util.Optional.empty();
    }
  }

  /**
   * The judge's figures of a set: count, pass rate and median score over the designs it could judge (one line on
   * standard error names how many it could not, and why); length over all of them.
   */
  static ModelCard.JudgedSet judged(org.svdd.task.Judge judge, List<String> designs) {
    List<org.svdd.task.Judge.Verdict> all;
    try (Progress.Delayed bar = Progress.delayed("held-out judge", designs.size())) {
      all = judge.judge(designs, bar::doneSoFar);
    }
    List<org.svdd.task.Judge.Verdict> verdicts = all.stream().filter(org.svdd.task.Judge.Verdict::judged).toList();
    if (verdicts.isEmpty()) {
      throw new IllegalStateException("it could judge none of " + designs.size() + " designs");
    }
    org.svdd.task.Judge.unjudged(all, "designs", "left out of the card's figures")
        .ifPresent(line -> System.err.println("svdd: the held-out judge " + line));
    double[] scores = verdicts.stream().mapToDouble(org.svdd.task.Judge.Verdict::score).toArray();
    double[] lengths = designs.stream().mapToDouble(String::length).toArray();
    double mean = org.svdd.core.metrics.SampleMetrics.mean(lengths);
    double var = java.util.Arrays.stream(lengths).map(l -> (l - mean) * (l - mean)).sum() / Math.max(1, lengths.length - 1);
    return new ModelCard.JudgedSet(verdicts.size(), verdicts.stream().filter(org.svdd.task.Judge.Verdict::pass).count()
        / (double) verdicts.size(), org.svdd.core.metrics.SampleMetrics.quantiles(scores, 0.5)[0], mean, Math.sqrt(var));
  }

  /**
   * Loss per epoch, for plotting and for the model card's record of how training went, with the backward
   * passes run again and the batches left out for non-finite gradients.
   */
  static void writeHistory(Path file, List<MdlmTrainer.EpochReport> history) throws java.io.IOException {
    StringBuilder s = new StringBuilder("epoch\ttrain_loss\theld_out_loss\tretried_passes\tleft_out_batches\n");
    for (MdlmTrainer.EpochReport r : history) {
      s.append(String.format(Locale.ROOT, "%d\t%.5f\t%.5f\t%d\t%d%n", r.epoch(), r.loss(), r.heldOutLoss(), r.retried(),
          r.leftOut()));
    }
    Files.writeString(file, s);
  }

  /** The symbol ids of each state, pad dropped. */
  private static List<int[]> symbolIds(List<TokenState> states, Vocabulary vocabulary) {
    return states.stream().map(s -> java.util.Arrays.stream(s.tokens()).filter(t -> t < vocabulary.size()).toArray())
        .toList();
  }
}
