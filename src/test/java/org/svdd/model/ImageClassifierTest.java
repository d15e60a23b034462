package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;

/**
 * The image classifier learns a separable task, saves and loads, scores an image alike alone or in a
 * batch, and backs the class reward.
 */
class ImageClassifierTest {
  private static final int SIDE = 8;
  private static final List<String> CLASSES = List.of("horizontal", "vertical");
  @TempDir static Path dir;
  private static ImageClassifier cnn;

  /** Stripes of random phase and contrast; label 0 horizontal, 1 vertical. */
  private static float[][] stripes(int n, long seed, int[] labels) {
    Random random = new Random(seed);
    float[][] out = new float[n][SIDE * SIDE];
    for (int k = 0; k < n; k++) {
      labels[k] = random.nextInt(2);
      int phase = random.nextInt(2);
      float contrast = 0.4f + 0.6f * random.nextFloat();
      for (int i = 0; i < SIDE * SIDE; i++) {
        int line = labels[k] == 0 ? i / SIDE : i % SIDE;
        out[k][i] = ((line + phase) % 2 == 0 ? 1 : -1) * contrast;
      }
    }
    return out;
  }

  private static ImageClassifier trained(String architecture) {
    int[] labels = new int[128];
    float[][] images = stripes(128, 1, labels);
    return ClassifierTrainer.train(images, labels, new float[0][], new int[0], SIDE, SIDE, architecture, CLASSES,
        new TrainingSettings(6, 16, 0.003f, 2), r -> {});
  }

  @BeforeAll
  static void train() {
    cnn = trained(ImageClassifier.CNN);
  }

  @AfterAll
  static void close() {
    cnn.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {ImageClassifier.CNN, ImageClassifier.MLP})
  void bothArchitectures_learnASeparableTask(String architecture) {
    int[] labels = new int[64];
    float[][] fresh = stripes(64, 9, labels);
    try (ImageClassifier classifier = architecture.equals(ImageClassifier.CNN) ? null : trained(architecture)) {
      ImageClassifier c = classifier == null ? cnn : classifier;
      assertTrue(c.accuracy(fresh, labels) > 0.9, architecture + " accuracy " + c.accuracy(fresh, labels));
    }
  }

  @Test
  void anImage_scoresAlike_aloneOrInABatch_andAfterSavingAndLoading() throws IOException {
    int[] labels = new int[20];
    List<float[]> images = List.of(stripes(20, 4, labels));
    float[][] batch = cnn.logProbabilities(images);
    for (int i : new int[] {0, 7, 19}) {
      assertArrayEquals(batch[i], cnn.logProbabilities(List.of(images.get(i)))[0], "image " + i);
    }
    float[][] features = cnn.features(images);
    assertEquals(128, features[0].length, "the CNN's hidden layer, before its output layer");
    assertArrayEquals(features[7], cnn.features(List.of(images.get(7)))[0]);
    cnn.save(dir.resolve("c"));
    try (ImageClassifier loaded = ImageClassifier.load(dir.resolve("c"))) {
      assertEquals(CLASSES, loaded.classes());
      assertArrayEquals(batch[3], loaded.logProbabilities(List.of(images.get(3)))[0]);
    }
  }

  @Test
  void classReward_isTheLogProbabilityOfItsLabel_ofThe8BitImage() throws Exception {
    int[] labels = new int[4];
    float[][] images = stripes(4, 5, labels);
    List<State> designs = new ArrayList<>();
    List<float[]> eightBit = new ArrayList<>();
    for (float[] image : images) {
      FloatState state = new FloatState(image, 0);
      designs.add(state);
      eightBit.add(FloatState.ofGreyLevels(state.greyLevels()).values());
    }
    cnn.save(dir.resolve("r"));
    try (ClassifierOracle oracle = new ClassifierOracle(ImageClassifier.load(dir.resolve("r")), "vertical", "class:vertical", "r")) {
      List<Reward> rewards = oracle.score(designs).toCompletableFuture().get();
      float[][] expected = cnn.logProbabilities(eightBit);
      for (int i = 0; i < 4; i++) {
        assertEquals(expected[i][1], rewards.get(i).value(), 0, "design " + i);
        assertTrue(rewards.get(i).value() <= 0);
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ClassifierOracle(cnn, "diagonal", "class:diagonal", "r"));
    assertTrue(e.getMessage().contains("unknown class 'diagonal'; classes: [horizontal, vertical]"), e.getMessage());
  }

  @Test
  void aMissingOrBrokenClassifier_isNamed() throws IOException {
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> ImageClassifier.load(dir.resolve("none")));
    assertTrue(e.getMessage().endsWith(dir.resolve("none") + " does not exist"), e.getMessage());
    InvalidModelException empty = assertThrows(InvalidModelException.class,
        () -> ImageClassifier.load(Files.createDirectories(dir.resolve("empty"))));
    assertTrue(empty.getMessage().endsWith("has no classifier.properties"), empty.getMessage());
    Files.createDirectories(dir.resolve("broken"));
    Files.writeString(dir.resolve("broken/classifier.properties"), "architecture=resnet\nheight=8\nwidth=8\nclasses=a,b\n");
    e = assertThrows(InvalidModelException.class, () -> ImageClassifier.load(dir.resolve("broken")));
    assertTrue(e.getMessage().contains("must be cnn or mlp, got 'resnet'"), e.getMessage());
  }
}
