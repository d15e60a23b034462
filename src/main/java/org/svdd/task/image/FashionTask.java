package org.svdd.task.image;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.metrics.SampleMetrics;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
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
import org.svdd.task.Provenance;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TextFiles;
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
    ImageCodec codec = new ImageCodec(SIDE, SIDE);
    List<SequenceFiles.Entry> out = new ArrayList<>();
    if (TextFiles.isPng(file)) {
      return List.of(new SequenceFiles.Entry(stem(file), codec.text(png(file))));
    }
    if (IdxImages.isImages(file)) {
      IdxImages.Set set = read(file, false);
      for (int k = 0; k < set.size(); k++) {
        out.add(new SequenceFiles.Entry("image-" + k, codec.text(GreyImage.of(state(set.pixels()[k]), SIDE, SIDE))));
      }
      return out;
    }
    int line = 0;
    for (String row : TextFiles.lines(file, StandardCharsets.UTF_8)) {
      line++;
      if (row.isBlank() || row.startsWith("#")) {
        continue;
      }
      String[] fields = row.split("\t");
      if (fields.length != 2) {
        throw new IOException(file + ", line " + line + ": expected '<name><TAB><image text>', got "
            + fields.length + " fields");
      }
      try {
        codec.image(fields[1]);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ", line " + line + ": " + e.getMessage(), e);
      }
      out.add(new SequenceFiles.Entry(fields[0], fields[1]));
    }
    return out;
  }

  /** A line of the image-text table, {@code name<TAB>image text}. */
  @Override
  public String designRecord(String name, String text) {
    return name + "\t" + text + "\n";
  }

  @Override
  public void writeDesigns(Path dir, String name, List<SequenceFiles.Entry> designs) throws IOException {
    StringBuilder s = new StringBuilder();
    for (SequenceFiles.Entry e : designs) {
      s.append(designRecord(e.name(), e.sequence()));
    }
    Files.writeString(dir.resolve(name + ".tsv"), s);
  }

  /** A PNG per design ({@code <method>-<particle>.png}) and a grid of them all ({@code <method>.png}). */
  @Override
  public void writeOutputs(Path dir, String method, List<ScoredDesign> designs, RewardOracle oracle) throws IOException {
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
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path file : files) {
      IdxImages.Set set = read(file, true);
      images.addAll(List.of(set.pixels()));
      for (int label : set.labels()) {
        if (label < 0 || label >= CLASSES.size()) {
          throw new IOException(file + ": label " + label + " is not one of Fashion-MNIST's " + CLASSES.size() + " classes");
        }
        labels.add(label);
      }
    }
    return new Labelled(images.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Reads an IDX image file (gzipped or not, whatever its name), refusing other sizes; with {@code labelled}, its
   * labels from the file beside it as Fashion-MNIST names them ({@code X-labels-idx1-ubyte} beside
   * {@code X-images-idx3-ubyte}).
   */
  private static IdxImages.Set read(Path file, boolean labelled) throws IOException {
    try {
      TextFiles.requireReadable(file, "image file");
    } catch (IOException e) {
      throw new IOException(e.getMessage() + "; " + IdxImages.INSTALL_HINT, e);
    }
    if (!IdxImages.isImages(file)) {
      throw new IOException(file + " is not an IDX image file (Fashion-MNIST's *-images-idx3-ubyte[.gz]); "
          + IdxImages.INSTALL_HINT);
    }
    Path labels = null;
    if (labelled) {
      labels = labelsBeside(file);
      if (labels == null || !Files.isReadable(labels)) {
        throw new IOException(file + ": its labels are read from the file beside it, "
            + (labels == null ? "named as Fashion-MNIST's (X-labels-idx1-ubyte[.gz] beside X-images-idx3-ubyte[.gz])"
                : labels + ", which cannot be read"));
      }
    }
    IdxImages.Set set = IdxImages.read(file, labels, -1);
    if (set.rows() != SIDE || set.columns() != SIDE) {
      throw new IOException(file + " holds " + set.rows() + " x " + set.columns() + " images; task " + NAME
          + " needs " + SIDE + " x " + SIDE);
    }
    return set;
  }

  /** IDX image files (no labels needed: the model is unconditional), split into train and held out. */
  @Override
  public ImageCorpus images(List<Path> files, double heldOutFraction, long seed, int limit) throws IOException {
    List<float[]> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(List.of(read(file, false).pixels()));
    }
    int[] order = RandomStream.of(seed, Purpose.TRAIN, -2).permutation(all.size());
    int held = (int) Math.round(all.size() * heldOutFraction);
    int train = limit < 0 ? all.size() - held : Math.min(limit, all.size() - held);
    float[][] heldOut = new float[held][];
    float[][] training = new float[train][];
    for (int i = 0; i < held; i++) {
      heldOut[i] = all.get(order[i]);
    }
    for (int i = 0; i < train; i++) {
      training[i] = all.get(order[held + i]);
    }
    String provenance = String.format(Locale.ROOT, "%s; %d images, %d held out at random (seed %d), %d trained on; "
        + "pixels scaled to [-1, 1].", Provenance.of(files, List.of(Provenance.Source.under(
            "Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, MIT licence) from Debian's dataset-fashion-mnist",
            IdxImages.FASHION_MNIST))), all.size(), held, seed, train);
    return new ImageCorpus(training, heldOut, provenance);
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

  private static org.svdd.core.diffusion.FloatState state(float[] pixels) {
    return new org.svdd.core.diffusion.FloatState(pixels, 0);
  }

  /** The one 28 x 28 grey picture a PNG holds, or why it is not one. */
  private static GreyImage png(Path file) throws IOException {
    GreyImage image;
    try {
      image = GreyImage.decode(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    if (image.width() != SIDE || image.height() != SIDE) {
      throw new IOException(file + " is " + image.width() + " x " + image.height() + " pixels; a " + NAME
          + " design is one " + SIDE + " x " + SIDE + " grey image (a grid, METHOD.png, shows several: score the "
          + "METHOD-K.png files or METHOD.jsonl)");
    }
    return image;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The labels file Fashion-MNIST keeps beside an images file, or null where the name does not say. */
  static Path labelsBeside(Path images) {
    String name = images.getFileName().toString();
    return name.contains("-images-idx3-ubyte")
        ? images.resolveSibling(name.replace("-images-idx3-ubyte", "-labels-idx1-ubyte")) : null;
  }
}
