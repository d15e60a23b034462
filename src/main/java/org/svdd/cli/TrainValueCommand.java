package org.svdd.cli;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.method.Rollouts;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ImageValueInput;
import org.svdd.model.TokenValueInput;
import org.svdd.model.ValueInput;
import org.svdd.model.ModelFiles;
import org.svdd.model.TrainingSettings;
import org.svdd.model.ValueNetwork;
import org.svdd.model.ValueTrainer;
import org.svdd.oracle.ContentDigest;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskOracles;
import org.svdd.task.TaskRegistry;
import org.svdd.task.image.ImageTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code svdd train-value}: SVDD-MC's value network (arXiv 2408.08252, Sec. 4.2). Rolls out the
 * pre-trained model, scores each rollout's clean sample with the reward, labels every state along the way
 * with that reward, and regresses it; writes the network beside the model as {@code value-<reward>},
 * where {@code --value mc} finds it, with a card.
 */
@Command(name = "train-value", mixinStandardHelpOptions = true,
    description = "Train SVDD-MC's value network for a task's reward on the pre-trained model's own rollouts.")
final class TrainValueCommand implements Callable<Integer> {
  @Option(names = "--task", defaultValue = "trna", description = "Task: trna, molecules, fashion or promoter (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--reward", description = "Reward whose value to learn (default: the task's default).")
  String reward;

  @Option(names = "--model", description = "Pre-trained model directory (default: the task's bundled model).")
  Path model;

  @Option(names = "--out", description = "Directory to write (default: value-<reward> in the model directory).")
  Path out;

  @Option(names = "--rollouts", defaultValue = "2000", description = "Pre-trained rollouts (default: ${DEFAULT-VALUE}).")
  int rollouts;

  @Option(names = "--steps", description = "Denoising steps per rollout (default: a token model's length; 32 for images).")
  Integer steps;

  @Option(names = "--held-out", defaultValue = "0.1", description = "Fraction of rollouts held out (default: ${DEFAULT-VALUE}).")
  double heldOut;

  @Option(names = "--epochs", defaultValue = "2",
      description = "Epochs; the states of one rollout share their label, so few epochs over many rollouts generalise best (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the rollouts and the training (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--replace", description = "Replace the value network already in the output directory.")
  boolean replace;

  /** Refuses each bad option by name and value before any work. */
  private void checkOptions() {
    if (rollouts < 2) {
      throw new IllegalArgumentException("--rollouts must be at least 2, got " + rollouts);
    }
    if (!(heldOut > 0 && heldOut < 1)) {
      throw new IllegalArgumentException("--held-out must lie in (0, 1), got " + heldOut);
    }
    int held = heldOutRollouts();
    if (held == 0 || held == rollouts) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--held-out %s of %d rollouts holds out %s, and "
          + "the network needs rollouts on both sides (the card's held-out error): give more --rollouts or another "
          + "--held-out", heldOut, rollouts, held == 0 ? "none" : "all of them"));
    }
    if (steps != null && (steps < 1 || steps > SamplingPlan.MAX_STEPS)) {
      throw new IllegalArgumentException("--steps must be between 1 and " + SamplingPlan.MAX_STEPS + ", got " + steps);
    }
    TrainingOptions.check(epochs, batchSize, learningRate);
  }

  private int heldOutRollouts() {
    return (int) Math.round(rollouts * heldOut);
  }

  /**
   * Fails, before the rollouts, when their states and the network's rows of them would not fit in the heap: every
   * state of every rollout is kept (4 bytes a position) and turned into a row of floats to train on. Half the heap is
   * left to the model, the training and the rest.
   */
  void checkMemory(int positions, long rowSize, int steps, long maxHeap) {
    long perRollout = (steps + 1L) * (4L * positions + 48 + 4 * rowSize + 16); // a state and its row, with headers
    long bytes = rollouts * perRollout;
    if (bytes > maxHeap / 2) {
      long fits = maxHeap / 2 / perRollout;
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--rollouts %d of %d steps keep about %.1f GB of "
          + "states and training rows in memory, more than half of this JVM's %.1f GB heap: give at most %d --rollouts, "
          + "or more heap (SVDD_JAVA_OPTS=-Xmx%dg)", rollouts, steps, bytes / 1e9, maxHeap / 1e9, fits,
          (long) Math.ceil(2.0 * bytes / (1L << 30)) + 1));
    }
  }

  /** Samples sent to the reward at once: enough to keep an oracle pool busy, few enough to show progress. */
  private static final int SCORE_CHUNK = 32;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    DesignTask designTask = TaskRegistry.named(task, Home.dir());
    String name = designTask.checkReward(reward == null ? designTask.defaultReward() : reward);
    Path modelDir = model == null ? designTask.modelDir() : model;
    Path dir = out != null ? out : TaskOracles.valueNetworkDir(modelDir, name);
    TrainedDirs.checkFree(dir, ValueNetwork.PROPERTIES, "value network", replace);
    long started = System.nanoTime();
    try (DiffusionModel diffusion = ModelFiles.load(modelDir)) {
      designTask.checkModel(modelDir, diffusion.process());
      String fittedTo = ContentDigest.ofDenoiser(modelDir); // read before the rollouts: the model they come from
      ValueInput input = input(designTask, diffusion.process(), modelDir);
      int t = steps != null ? steps : diffusion.process() instanceof MaskedDiffusion m ? m.length() : IMAGE_STEPS;
      checkMemory(diffusion.process().prior(org.svdd.core.random.RandomStream.of(seed,
          org.svdd.core.random.Purpose.PRIOR, 0)).length(), input.shape().size(), t, Runtime.getRuntime().maxMemory());
      DesignCodec codec = designTask.codec(diffusion.process());
      List<List<State>> paths;
      List<Reward> rewards = new ArrayList<>(rollouts);
      // the reward is opened first: a binary or docking target it cannot use stops here, not after the rollouts
      String rewardModel;
      com.typesafe.config.Config config = ConfigFactory.load();
      try (RewardOracle oracle = designTask.openReward(name, codec, config)) {
        // the model behind the reward, as it was opened: the rollouts' labels are its answers
        rewardModel = designTask.rewardModel(name, config).map(ContentDigest::ofLoaded).orElse("");
        try (ProgressBar bar = Progress.bar("rollouts", t); var denoiser = diffusion.newDenoiser(32)) {
          paths = Rollouts.of(diffusion.process(), denoiser, rollouts, t, seed, 256, bar::step);
        }
        List<State> finals = paths.stream().map(p -> p.get(p.size() - 1)).toList();
        try (ProgressBar bar = Progress.bar("score " + name, finals.size())) {
          for (int from = 0; from < finals.size(); from += SCORE_CHUNK) {
            List<State> chunk = finals.subList(from, Math.min(finals.size(), from + SCORE_CHUNK));
            rewards.addAll(oracle.score(chunk).toCompletableFuture().join());
            bar.stepBy(chunk.size());
          }
        }
      }
      int held = heldOutRollouts();
      Examples train = new Examples();
      Examples test = new Examples();
      int failed = 0;
      for (int i = 0; i < paths.size(); i++) {
        if (rewards.get(i).failed()) {
          failed++;
          continue;
        }
        (i < held ? test : train).add(paths.get(i), rewards.get(i).value());
      }
      if (train.states.isEmpty() || test.states.isEmpty()) {
        throw new IllegalStateException("no rollout could be scored by " + name + " on one side of the split");
      }
      System.err.printf("%d states of %d rollouts to train on, %d of %d held out, %d rollouts unscored%n",
          train.states.size(), rollouts - held, test.states.size(), held, failed);
      List<ValueTrainer.EpochReport> history = new ArrayList<>();
      TrainingSettings settings = new TrainingSettings(epochs, batchSize, learningRate, seed);
      try (ProgressBar bar = Progress.bar("train", epochs);
          ValueNetwork network = ValueTrainer.train(train.states, train.targets(), test.states, test.targets(),
              input, name, settings, r -> {
                bar.stepTo(r.epoch());
                bar.setExtraMessage(String.format(Locale.ROOT, "held-out MSE %.3f", r.heldOutError()));
                history.add(r);
              })) {
        try (StagedDir staged = StagedDir.in(dir)) { // a network replaced keeps its weights and card together
          network.save(staged.path(), fittedTo, rewardModel);
          Files.writeString(staged.path().resolve("VALUE_CARD.md"), card(modelDir, fittedTo, rewardModel, name, t, held,
              failed, train, test, network, history, Workbench.since(started).toSeconds()));
          staged.commit();
        } catch (Exception e) {
          throw StagedDir.orDiskFull(e, dir, "value network");
        }
      }
    }
    System.out.println(sampleHint(dir, modelDir, designTask, name));
    return 0;
  }

  /** How to sample with the network: {@code --value mc} reads {@code value-<reward>} beside the model it runs. */
  private String sampleHint(Path dir, Path modelDir, DesignTask designTask, String name) {
    Path expected = TaskOracles.valueNetworkDir(modelDir, name);
    String command = "svdd sample --task " + designTask.name() + " --reward " + name + " --value mc"
        + (model == null ? "" : " --model " + modelDir);
    if (dir.toAbsolutePath().normalize().equals(expected.toAbsolutePath().normalize())) {
      return "wrote " + dir + "; sample with it: " + command;
    }
    return "wrote " + dir + "; `" + command + "` reads the value network in " + expected
        + ": put it there (or in a copy of the model) to sample with it";
  }

  /** Default rollout steps of an image model (the sampler's default T). */
  private static final int IMAGE_STEPS = 32;

  /** What the task's value network reads: masked sequences, or noisy images with their time. */
  private static ValueInput input(DesignTask task, DiffusionProcess process, Path modelDir) {
    if (process instanceof MaskedDiffusion masked) {
      return new TokenValueInput(masked.vocabulary(), masked.length());
    }
    if (process instanceof GaussianDiffusion && task instanceof ImageTask image) {
      return new ImageValueInput(image.width(), image.height());
    }
    throw new IllegalArgumentException("no value network reads the states of " + modelDir + " (task "
        + task.name() + "): value networks read masked sequences and images");
  }

  /** States and the reward of the rollout each belongs to. */
  private static final class Examples {
    final List<State> states = new ArrayList<>();
    final List<Double> targets = new ArrayList<>();

    void add(List<State> path, double reward) {
      for (State s : path) {
        states.add(s);
        targets.add(reward);
      }
    }

    double[] targets() {
      return targets.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  private String card(Path modelDir, String fittedTo, String rewardModel, String name, int t, int held, int failed,
      Examples train, Examples test, ValueNetwork network, List<ValueTrainer.EpochReport> history, long seconds) {
    boolean tokens = network.input() instanceof TokenValueInput;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "# Value network card: %s, reward %s%n%n", task, name));
    s.append(String.format(Locale.ROOT, "SVDD-MC's value network (arXiv 2408.08252, Sec. 4.2) for the model in `%s` "
        + "(weights %s; `--value mc` refuses it beside any other): "
        + "%d pre-trained rollouts of %d steps (seed %d), each state along a rollout labelled with the reward of its "
        + "clean end%s; %d rollouts (%d states) trained on, %d (%d states) held out; %d rollouts the reward could not "
        + "score left out. %s Least squares on standardised rewards, Adam, batch %d, learning rate %s, %d epochs; %d s "
        + "on this machine's CPU.%n%n",
        modelDir, fittedTo, rollouts, t, seed, rewardModel.isEmpty() ? ""
            : " (scored by the reward's model " + rewardModel + ", which `--value mc` also asks for)",
        rollouts - held - failed, train.states.size(), held, test.states.size(),
        failed,
        tokens ? "It does not take t: how much is still masked is in its input."
            : "It takes t as a second input channel beside the noisy image.",
        batchSize, learningRate, epochs, seconds));
    s.append("| epoch | train loss (standardised) | held-out MSE |\n|---|---|---|\n");
    for (ValueTrainer.EpochReport r : history) {
      s.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f |%n", r.epoch(), r.loss(), r.heldOutError()));
    }
    s.append(String.format(Locale.ROOT, "%nHeld-out fit by %s (R² = 1 − MSE / variance of the rewards in the band; "
        + "0 is no better than the band's mean):%n%n| %s | states | reward sd | MSE | R² |%n|---|---|---|---|---|%n",
        tokens ? "how much of the state is masked" : "diffusion time t", tokens ? "masked" : "t"));
    // bands of the noise (masked fraction, or t): the prior, four quarters, the clean sample
    double[] los = {1, 0.75, 0.5, 0.25, 0, 0};
    double[] his = {1, 1, 0.75, 0.5, 0.25, 0};
    for (int b = 0; b < los.length; b++) {
      List<State> states = new ArrayList<>();
      List<Double> targets = new ArrayList<>();
      for (int i = 0; i < test.states.size(); i++) {
        double noise = network.input().noise(test.states.get(i));
        boolean in = los[b] == his[b] ? noise == los[b] : noise >= los[b] && noise < his[b] && noise > 0;
        if (in) {
          states.add(test.states.get(i));
          targets.add(test.targets.get(i));
        }
      }
      if (states.isEmpty()) {
        continue;
      }
      double[] y = targets.stream().mapToDouble(Double::doubleValue).toArray();
      double mean = java.util.Arrays.stream(y).average().orElseThrow();
      double variance = java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / y.length;
      double mse = ValueTrainer.meanSquaredError(network, states, y);
      String band = b == 0 ? (tokens ? "all" : "1") + " (the prior)" : b == los.length - 1 ? (tokens ? "none" : "0")
          + " (clean)" : tokens ? String.format(Locale.ROOT, "[%.0f %%, %.0f %%)", los[b] * 100, his[b] * 100)
          : String.format(Locale.ROOT, "[%.2f, %.2f)", los[b], his[b]);
      s.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", band, states.size(), Math.sqrt(variance),
          mse, variance > 0 ? 1 - mse / variance : Double.NaN));
    }
    s.append(String.format(Locale.ROOT, "%nCommand: `svdd train-value --task %s --reward %s --rollouts %d --steps %d "
        + "--held-out %s --epochs %d --batch-size %d --lr %s --seed %d`%n", task, name, rollouts, t, heldOut, epochs,
        batchSize, learningRate, seed));
    return s.toString();
  }
}
