package org.svdd.task.image;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.metrics.SampleMetrics;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.ClassifierOracle;
import org.svdd.model.ImageClassifier;
import org.svdd.model.InvalidModelException;
import org.svdd.oracle.BatchingOracle;
import org.svdd.oracle.ContentDigest;
import org.svdd.oracle.GreyImage;
import org.svdd.oracle.JpegCompressibilityOracle;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.Judge;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TrainingCorpus;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; 28 × 28 grey images of clothing, from Debian's
 * {@code dataset-fashion-mnist}) drawn by a Gaussian diffusion model and steered toward JPEG
 * compressibility, the continuous half of SVDD's experiments. Designs are written as PNGs, one per
 * sample and a grid per method; as text they are {@link ImageCodec}'s encoding.
 */
public final class FashionTask implements ImageTask {
  public static final String NAME = "fashion";
  /** Fashion-MNIST's ten classes, by label index. */
  public static final List<String> CLASSES = List.of("t-shirt", "trouser", "pullover", "dress", "coat", "sandal",
      "shirt", "sneaker", "bag", "ankle-boot");
  /** Rewards {@code class:<label>}: the guide classifier's log-probability of the label. */
  public static final String CLASS_PREFIX = "class:";
  static final int SIDE = 28;
  private final Path modelDir;

  public FashionTask(Path home) {
    this.modelDir = home.resolve("models/fashion");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int width() {
    return SIDE;
  }

  @Override
  public int height() {
    return SIDE;
  }

  @Override
  public List<String> rewards() {
    List<String> rewards = new ArrayList<>(List.of(JpegCompressibilityOracle.NAME));
    CLASSES.forEach(c -> rewards.add(CLASS_PREFIX + c));
    return rewards;
  }

  @Override
  public Path modelDir() {
    return modelDir;
  }

  @Override
  public Path reference() {
    return modelDir.resolve("data/heldout.tsv");
  }

  @Override
  public void checkModel(Path dir, DiffusionProcess process) {
    if (!(process instanceof GaussianDiffusion) || process.length() != SIDE * SIDE) {
      throw new InvalidModelException("model " + dir + " is not a Gaussian model of " + SIDE + " x " + SIDE
          + " images, which task " + NAME + " needs");
    }
  }

  @Override
  public DesignCodec codec(DiffusionProcess process) {
    return new ImageCodec(SIDE, SIDE);
  }

  @Override
  public RewardOracle openReward(String reward, DesignCodec codec, Config config) {
    checkReward(reward);
    if (reward.startsWith(CLASS_PREFIX)) {
      Path dir = classifierDir(config, "guide");
      ImageClassifier classifier = ImageClassifier.load(dir);
      try {
        return new BatchingOracle(new ClassifierOracle(classifier, reward.substring(CLASS_PREFIX.length()), reward,
            "model " + ContentDigest.ofLoaded(dir)), CLASSIFIER_BATCH, CLASSIFIER_DELAY);
      } catch (RuntimeException e) {
        classifier.close();
        throw e;
      }
    }
    return new JpegCompressibilityOracle(SIDE, SIDE);
  }

  /** The guide classifier for a {@code class:<label>} reward; JPEG compressibility is computed. */
  @Override
  public java.util.Optional<Path> rewardModel(String reward, Config config) {
    return reward.startsWith(CLASS_PREFIX) ? java.util.Optional.of(classifierDir(config, "guide"))
        : java.util.Optional.empty();
  }

  /** The judge classifier's folder. */
  @Override
  public java.util.Optional<Path> judgeModel(Config config) {
    return java.util.Optional.of(classifierDir(config, "judge"));
  }

  /** Designs the guide classifier scores per call at most, and how long a request waits for company. */
  static final int CLASSIFIER_BATCH = 256;
  static final java.time.Duration CLASSIFIER_DELAY = java.time.Duration.ofMillis(2);

  /** The classifier configured as svdd.reward.classifier.{role}, or the bundled classifier-{role}. */
  @Override
  public Path classifierDir(Config config, String role) {
    return org.svdd.task.OracleConfig.classifierDir(config, modelDir, role);
  }

  /**
   * The judge classifier (another architecture, trained on a disjoint split), see {@link ClassifierJudge};
   * absent when no judge classifier is installed.
   */
  @Override
  public java.util.Optional<Judge> judge(Config config) {
    return judge(config, defaultReward());
  }

  /** For a {@code class:<label>} reward the judge also asks that its own top class be the label. */
  @Override
  public java.util.Optional<Judge> judge(Config config, String reward) {
    Path dir = classifierDir(config, "judge");
    if (!Files.isDirectory(dir)) {
      return java.util.Optional.empty();
    }
    String label = reward != null && reward.startsWith(CLASS_PREFIX) ? reward.substring(CLASS_PREFIX.length()) : null;
    ImageClassifier classifier = ImageClassifier.load(dir);
    try {
      return java.util.Optional.of(new ClassifierJudge(classifier, new ImageCodec(SIDE, SIDE), label));
    } catch (RuntimeException e) {
      classifier.close();
      throw e;
    }
  }

  /**
   * A PNG of one design (named by its file, as svdd writes {@code METHOD-K.png}), an IDX image file (Fashion-MNIST's
   * own format, gzipped or not; labels are not needed) or a TSV of names and design texts.
   */
  @Override
  public List<SequenceFiles.Entry> readDesigns(Path file) throws IOException {
    return FashionFiles.readDesigns(file);
  }

  /** A line of the image-text table, {@code name<TAB>image text}. */
  @Override
  public String designRecord(String name, String text) {
    return name + "\t" + text + "\n";
  }

  @Override
  public String designExtension() {
    return "tsv";
  }

  @Override
  public void writeDesigns(Path dir, String name, List<SequenceFiles.Entry> designs) throws IOException {
    StringBuilder s = new StringBuilder();
    for (SequenceFiles.Entry e : designs) {
      s.append(designRecord(e.name(), e.sequence()));
    }
    Files.writeString(dir.resolve(name + "." + designExtension()), s);
  }

  /** A PNG per design ({@code <method>-<particle>.png}) and a grid of them all ({@code <method>.png}). */
  @Override
  public void writeOutputs(Path dir, String method, List<ScoredDesign> designs, RewardOracle oracle,
      java.util.function.LongConsumer designsDone) throws IOException {
    ImageCodec codec = new ImageCodec(SIDE, SIDE);
    List<GreyImage> images = new ArrayList<>();
    for (ScoredDesign d : designs) {
      GreyImage image = codec.image(d.text());
      images.add(image);
      Files.write(dir.resolve(d.name() + ".png"), image.png());
    }
    if (!images.isEmpty()) {
      int columns = (int) Math.ceil(Math.sqrt(images.size()));
      Files.write(dir.resolve(method + ".png"), GreyImage.gridPng(images, columns, 2, 2));
    }
  }

  /** Designs shown per method in {@code methods.png}. */
  static final int COMPARED = 8;

  /**
   * {@code methods.png}: a row per method in the run's order, its {@link #COMPARED} best designs by reward
   * from the left (blank where a method has fewer).
   */
  @Override
  public void writeComparison(Path dir, java.util.Map<String, List<ScoredDesign>> designsByMethod) throws IOException {
    ImageCodec codec = new ImageCodec(SIDE, SIDE);
    List<GreyImage> cells = new ArrayList<>();
    GreyImage blank = new GreyImage(SIDE, SIDE, new byte[SIDE * SIDE]);
    for (List<ScoredDesign> designs : designsByMethod.values()) {
      List<ScoredDesign> best = designs.stream()
          .sorted(java.util.Comparator.comparingDouble(ScoredDesign::reward).reversed()).limit(COMPARED).toList();
      for (int k = 0; k < COMPARED; k++) {
        cells.add(k < best.size() ? codec.image(best.get(k).text()) : blank);
      }
    }
    if (!cells.isEmpty()) {
      Files.write(dir.resolve("methods.png"), GreyImage.gridPng(cells, COMPARED, 2, 2));
    }
  }

  @Override
  public TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed) {
    throw new UnsupportedOperationException("task " + NAME + " trains an image model from images(), not a token corpus");
  }

  @Override
  public List<String> classes() {
    return CLASSES;
  }

  @Override
  public Labelled labelled(List<Path> files) throws IOException {
    return FashionFiles.labelled(files);
  }

  /** IDX image files (no labels needed: the model is unconditional), split into train and held out. */
  @Override
  public ImageCorpus images(List<Path> files, double heldOutFraction, long seed, int limit) throws IOException {
    return FashionFiles.images(files, heldOutFraction, seed, limit);
  }

  /**
   * Diversity: the mean pairwise root-mean-square difference of the images ({@link SampleMetrics#meanPairwise}),
   * over the value range (0: identical, 1: opposite).
   */
  @Override
  public DesignSetMetrics measure(List<String> designs, List<String> reference, Path dir) {
    ImageCodec codec = new ImageCodec(SIDE, SIDE);
    List<GreyImage> images = designs.stream().map(codec::image).toList();
    double diversity = SampleMetrics.meanPairwise(images.size(), (i, j) -> rmsDifference(images.get(i), images.get(j)));
    Set<String> distinct = new HashSet<>(designs);
    return new DesignSetMetrics(diversity, Double.NaN, 1.0,
        designs.isEmpty() ? Double.NaN : distinct.size() / (double) designs.size(), Double.NaN);
  }

  private static double rmsDifference(GreyImage a, GreyImage b) {
    double squares = 0;
    for (int k = 0; k < a.pixels().length; k++) {
      double d = ((a.pixels()[k] & 0xff) - (b.pixels()[k] & 0xff)) / 255.0;
      squares += d * d;
    }
    return Math.sqrt(squares / a.pixels().length);
  }
}
