package org.svdd.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A small classifier of grey images, the network behind the {@code class:<label>} reward and the held-out
 * judge of image tasks. Two architectures, so that the judge is not the guide's twin: {@code cnn} (three
 * 3 × 3 convolutions, two of stride 2, a hidden layer of 128, a linear layer) and {@code mlp} (two hidden
 * layers on the flattened pixels). Runs fixed micro-batches of {@link Classifiers#MICRO_BATCH} images, so an image's
 * scores do not depend on the others scored with it. A directory holds {@code classifier.properties}
 * beside the weights.
 */
public final class ImageClassifier implements AutoCloseable {
  public static final String CNN = "cnn";
  public static final String MLP = "mlp";
  static final String WEIGHTS = Classifiers.WEIGHTS;
  public static final String PROPERTIES = "classifier.properties";
  private final Model model;
  private final String architecture;
  private final int height;
  private final int width;
  private final List<String> classes;
  private FeatureDensity density;

  ImageClassifier(Model model, String architecture, int height, int width, List<String> classes) {
    this.model = model;
    this.architecture = architecture;
    this.height = height;
    this.width = width;
    this.classes = List.copyOf(classes);
  }

  /** The untrained network of an architecture, giving {@code classes} logits per image [B, 1, H, W]. */
  static Block network(String architecture, int classes) {
    SequentialBlock net = new SequentialBlock();
    switch (architecture) {
      case CNN -> net.add(conv(16, 1)).add(Activation.reluBlock()).add(conv(32, 2)).add(Activation.reluBlock())
          .add(conv(64, 2)).add(Activation.reluBlock()).add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock());
      case MLP -> net.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(256).build())
          .add(Activation.reluBlock()).add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock());
      default -> throw new IllegalArgumentException("classifier architecture must be cnn or mlp, got '" + architecture + "'");
    }
    return net.add(Linear.builder().setUnits(classes).build());
  }

  /** A 3 × 3 convolution keeping the size at stride 1 and halving it at stride 2. */
  static Block conv(int filters, int stride) {
    return AlignedConvolution.of(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3))
        .optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1)));
  }

  public List<String> classes() {
    return classes;
  }

  public String architecture() {
    return architecture;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Where natural images lie in this classifier's feature space, when it was fitted. */
  public java.util.Optional<FeatureDensity> density() {
    return java.util.Optional.ofNullable(density);
  }

  /**
   * Fits the {@link FeatureDensity} of these labelled images' features, its threshold on {@code heldOut}
   * images (the labelled ones when none); saved with the classifier.
   */
  public void fitDensity(float[][] images, int[] labels, float[][] heldOut) {
    density = FeatureDensity.fit(features(List.of(images)), labels, classes.size(), features(List.of(heldOut)));
  }

  /** The index of a class name; fails naming the known ones. */
  public int classIndex(String name) {
    int index = classes.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("unknown class '" + name + "'; classes: " + classes);
    }
    return index;
  }

  /** Log-probabilities of every class, per image (values in [−1, 1], row by row). */
  public float[][] logProbabilities(List<float[]> images) {
    return run(images, true);
  }

  /**
   * The network's features before its last (linear) layer, per image: the space in which the Fréchet
   * distance of image sets is measured.
   */
  public float[][] features(List<float[]> images) {
    return run(images, false);
  }

  private float[][] run(List<float[]> images, boolean classify) {
    for (float[] image : images) {
      if (image.length != height * width) {
        throw new IllegalArgumentException("the classifier reads " + height + " x " + width + " images, got "
            + image.length + " values");
      }
    }
    return Classifiers.run(model, images, new Shape(1, height, width),
        classify ? Classifiers.Output.LOG_PROBABILITIES : Classifiers.Output.FEATURES);
  }

  /** The fraction of images whose most probable class is their label. */
  public double accuracy(float[][] images, int[] labels) {
    float[][] logp = logProbabilities(List.of(images));
    return Classifiers.accuracy(logp, labels);
  }

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    ModelFiles.saveWeights(model, dir, WEIGHTS);
    Properties p = new Properties();
    p.setProperty("architecture", architecture);
    p.setProperty("height", Integer.toString(height));
    p.setProperty("width", Integer.toString(width));
    p.setProperty("classes", String.join(",", classes));
    try (OutputStream out = Files.newOutputStream(dir.resolve(PROPERTIES))) {
      p.store(out, "svdd image classifier");
    }
    if (density != null) {
      density.save(dir);
    }
  }

  /** Loads a classifier directory, or fails naming the file and the problem. */
  public static ImageClassifier load(Path dir) {
    Path file = dir.resolve(PROPERTIES);
    Properties p = ModelFiles.properties(dir, PROPERTIES, "classifier");
    String architecture = p.getProperty("architecture", "").strip();
    List<String> classes = List.of(p.getProperty("classes", "").strip().split(","));
    int height = ModelFiles.positive(p, "height", file);
    int width = ModelFiles.positive(p, "width", file);
    Model model = Model.newInstance(WEIGHTS, ModelFormat.DJL.engine());
    try {
      model.setBlock(network(architecture, classes.size()));
      model.load(dir, WEIGHTS);
      ImageClassifier classifier = new ImageClassifier(model, architecture, height, width, classes);
      float[] features = classifier.features(List.of(new float[height * width]))[0];
      classifier.density = FeatureDensity.load(dir);
      if (classifier.density != null && classifier.density.precision().length != features.length) {
        throw new IllegalStateException(FeatureDensity.FILE + " describes " + classifier.density.precision().length
            + " features, the network gives " + features.length);
      }
      return classifier;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new InvalidModelException("cannot load classifier " + dir + ": " + ModelFiles.whyNotLoaded(e), e);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
