package org.svdd.cli;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ImageClassifier;
import org.svdd.model.ModelFiles;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskRegistry;
import org.svdd.task.image.FrechetDistance;
import org.svdd.task.image.ImageTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code svdd fid}: an image model's sample quality as the Fréchet distance (Heusel et al. 2017) between
 * its pre-trained samples and the test images, in the feature space of the task's judge classifier
 * (trained here, guiding nothing), beside the same figure for training images, the floor a perfect model
 * would reach.
 */
@Command(name = "fid", mixinStandardHelpOptions = true,
    description = "Sample quality of an image model: Frechet distance of its samples, and of training images, to the "
        + "test images, in the judge classifier's feature space.")
final class FidCommand implements Callable<Integer> {
  @Option(names = "--task", defaultValue = "fashion", description = "Image task (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--model", description = "Model directory (default: the task's bundled model).")
  Path model;

  @Option(names = "--test", required = true, description = "Test images (IDX, labels beside).")
  Path test;

  @Option(names = "--train", description = "Training images (IDX): the reference row.")
  Path train;

  @Option(names = "--samples", defaultValue = "1000", description = "Samples and images per set (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--steps", defaultValue = "100", description = "Denoising steps of the samples (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--card", description = "Write the figures into the model's MODEL_CARD.md (its Sample quality section, replaced if there is one).")
  boolean card;

  @Option(names = "--designs", arity = "1..*",
      description = "Also measure these designs: a run's METHOD.jsonl, a TSV of names and image texts, IDX, or a PNG of "
          + "a sample; a row each.")
  List<Path> designs = List.of();

  @Override
  public Integer call() throws Exception {
    if (samples < 2 && !(samples == 0 && !designs.isEmpty()) || samples > SamplingPlan.MAX_PARTICLES) {
      throw new IllegalArgumentException("--samples must be between 2 and " + SamplingPlan.MAX_PARTICLES
          + " (or 0 with --designs), got " + samples);
    }
    if (steps < 1 || steps > SamplingPlan.MAX_STEPS) {
      throw new IllegalArgumentException("--steps must be between 1 and " + SamplingPlan.MAX_STEPS + ", got " + steps);
    }
    DesignTask designTask = TaskRegistry.named(task, Home.dir());
    if (!(designTask instanceof ImageTask images)) {
      throw new IllegalArgumentException("task " + task + " has no images to measure");
    }
    Path modelDir = model != null ? model : designTask.modelDir();
    Path judgeDir = images.classifierDir(ConfigFactory.load(), "judge");
    int testCount;
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-40s %6s %10s%n", "set", "n", "FD-to-test"));
    try (ImageClassifier judge = ImageClassifier.load(judgeDir); DiffusionModel diffusion = ModelFiles.load(modelDir)) {
      designTask.checkModel(modelDir, diffusion.process());
      float[][] testFeatures = judge.features(first(images.labelled(List.of(test)).images(), Math.max(samples, 1000)));
      testCount = testFeatures.length;
      org.svdd.core.diffusion.DesignCodec codec = designTask.codec(diffusion.process());
      for (Path file : designs) {
        List<float[]> read = DesignFiles.read(designTask, List.of(file)).get(0).entries().stream()
            .map(e -> ((FloatState) codec.parse(e.sequence(), diffusion.length())).values()).toList();
        if (read.size() < 2) {
          throw new IllegalArgumentException("--designs " + file + " holds " + read.size() + (read.size() == 1
              ? " image" : " images") + "; each file is a set of its own, and a Fréchet distance needs 2 or more (a "
              + "run's METHOD.jsonl holds all of its samples)");
        }
        row(table, file.getFileName().toString(), read.size(), FrechetDistance.between(judge.features(read), testFeatures));
        smallestDesigns = Math.min(smallestDesigns, read.size());
      }
      RewardOracle none = batch -> CompletableFuture.completedFuture(batch.stream().map(d -> new Reward(0, "")).toList());
      if (samples == 0) {
        System.out.print(table);
        noteUnequalSizes();
        return 0;
      }
      System.err.printf("sampling %d images (T = %d)...%n", samples, steps);
      List<float[]> drawn = new SequentialSampler(diffusion.process(), diffusion.newDenoiser(16), none, 64)
          .run(SamplingPlan.of(Method.PRETRAINED, samples, 1, 1, steps, seed)).samples().stream()
          .map(s -> FloatState.ofGreyLevels(((FloatState) s.design()).greyLevels()).values()).toList();
      row(table, "pre-trained samples (T = " + steps + ")", drawn.size(),
          FrechetDistance.between(judge.features(drawn), testFeatures));
      if (train != null) {
        float[][] reference = judge.features(first(images.labelled(List.of(train)).images(), samples));
        row(table, "training images", reference.length, FrechetDistance.between(reference, testFeatures));
      }
    }
    System.out.print(table);
    noteUnequalSizes();
    if (card) {
      String section = String.format(Locale.ROOT, "## Sample quality\n\nFréchet distance to %d test images (%s) in the "
          + "feature space of the judge classifier (%s), by `svdd fid --samples %d --steps %d --seed %d`:\n\n```\n%s```\n",
          testCount, test, judgeDir, samples, steps, seed, table);
      Path cardFile = modelDir.resolve("MODEL_CARD.md");
      String old = Files.exists(cardFile) ? Files.readString(cardFile) : "";
      Files.writeString(cardFile, CardSections.put(old, "## Sample quality", section));
    }
    return 0;
  }

  private static List<float[]> first(float[][] images, int n) {
    return Arrays.asList(images).subList(0, Math.min(n, images.length));
  }

  private void row(StringBuilder table, String set, int n, double distance) {
    table.append(String.format(Locale.ROOT, "%-40s %6d %10.3f%n", set, n, distance));
    sizes.add(n);
  }

  /** The sizes of the rows measured so far, and of the smallest set of --designs. */
  private final java.util.SortedSet<Integer> sizes = new java.util.TreeSet<>();
  private int smallestDesigns = Integer.MAX_VALUE;

  /**
   * A Fréchet distance estimated from n images is biased upward, the more the smaller n (64 held-out natural
   * images lie 22.4 from the test set, docs/results.md): rows of different sizes do not compare, and one line
   * says so.
   */
  private void noteUnequalSizes() {
    if (sizes.size() > 1) {
      System.err.printf("svdd: the rows measure sets of %s images; a Fréchet distance grows as n shrinks, so compare "
          + "rows of one size (--samples %d draws as many pre-trained samples as the smallest set of designs)%n",
          sizes.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")),
          smallestDesigns == Integer.MAX_VALUE ? sizes.first() : smallestDesigns);
    }
  }
}
