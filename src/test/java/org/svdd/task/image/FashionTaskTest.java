package org.svdd.task.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.ClassifierTrainer;
import org.svdd.model.ImageClassifier;
import org.svdd.model.InvalidModelException;
import org.svdd.model.TrainingSettings;
import org.svdd.task.Judge;
import org.svdd.oracle.GreyImage;
import org.svdd.task.DesignSetMetrics;
import org.svdd.task.DesignTask;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TaskRegistry;
import org.svdd.testing.IdxFiles;

/** The fashion task: image designs as text and PNG files, its data split, and what it refuses. */
class FashionTaskTest {
  @TempDir Path dir;
  private final FashionTask task = (FashionTask) TaskRegistry.named("fashion", Path.of("."));
  private final ImageCodec codec = new ImageCodec(28, 28);

  private static FloatState ramp(float offset) {
    float[] v = new float[784];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(-1, Math.min(1, (i % 28) / 13.5f - 1 + offset));
    }
    return new FloatState(v, 0);
  }

  /**
   * A class reward's model is the guide classifier (configured or bundled); JPEG compressibility is a computation; the
   * judge's model is the judge classifier.
   */
  @Test
  void rewardModel_isTheGuideForAClass_andNoneForJpegCompressibility_judgeModel_theJudge() {
    Config configured = ConfigFactory.parseString("svdd.reward.classifier.guide = \"" + dir + "\"")
        .withFallback(ConfigFactory.load());
    assertEquals(java.util.Optional.of(dir), task.rewardModel("class:sneaker", configured));
    assertEquals(java.util.Optional.of(Path.of("./models/fashion/classifier-guide")),
        task.rewardModel("class:sneaker", ConfigFactory.load()));
    assertEquals(java.util.Optional.empty(), task.rewardModel("jpeg-compressibility", configured));
    assertEquals(java.util.Optional.of(Path.of("./models/fashion/classifier-judge")),
        task.judgeModel(ConfigFactory.load()));
  }

  @Test
  void designText_roundTripsThe8BitImage() {
    String text = codec.text(ramp(0));
    assertTrue(text.startsWith("28x28:"), text);
    FloatState back = codec.parse(text, 784);
    assertEquals(text, codec.text(back), "text → state → text is the identity");
    assertEquals(GreyImage.of(ramp(0), 28, 28), codec.image(text));
  }

  @Test
  void badDesignText_isRefusedNamingTheProblem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.parse("ACGU", 784)).getMessage()
        .contains("not a 28x28 image design"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.parse("28x28:!!!", 784)).getMessage()
        .contains("not base64"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.parse("28x28:AAAA", 784)).getMessage()
        .contains("holds 3 pixels"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> codec.parse(codec.text(ramp(0)), 96)).getMessage()
        .contains("not 96"));
  }

  @Test
  void designsFiles_roundTrip_andABadLineIsNamed() throws IOException {
    List<SequenceFiles.Entry> designs = List.of(new SequenceFiles.Entry("a", codec.text(ramp(0))),
        new SequenceFiles.Entry("b", codec.text(ramp(0.5f))));
    task.writeDesigns(dir, "set", designs);
    assertEquals(designs, task.readDesigns(dir.resolve("set.tsv")));
    Files.writeString(dir.resolve("bad.tsv"), "a\t" + codec.text(ramp(0)) + "\nb\t28x28:AAAA\n");
    IOException e = assertThrows(IOException.class, () -> task.readDesigns(dir.resolve("bad.tsv")));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("holds 3 pixels"), e.getMessage());
    Files.writeString(dir.resolve("hostname"), "host\n");
    assertEquals(dir.resolve("hostname") + ", line 1: expected '<name><TAB><image text>', got 1 field (image designs are"
        + " PNG files, IDX files, or such a table of image texts)",
        assertThrows(IOException.class, () -> task.readDesigns(dir.resolve("hostname"))).getMessage(),
        "a file of no image format says which it could have been");
    Files.writeString(dir.resolve("three.tsv"), "a\t" + codec.text(ramp(0)) + "\nb\tc\td\n");
    assertEquals(dir.resolve("three.tsv") + ", line 2: expected '<name><TAB><image text>', got 3 fields",
        assertThrows(IOException.class, () -> task.readDesigns(dir.resolve("three.tsv"))).getMessage());
  }

  @Test
  void outputs_arePngPerDesign_andAGrid() throws IOException {
    List<DesignTask.ScoredDesign> designs = List.of(new DesignTask.ScoredDesign("svdd-0", codec.text(ramp(0)), -0.5),
        new DesignTask.ScoredDesign("svdd-1", codec.text(ramp(0.5f)), -0.4));
    task.writeOutputs(dir, "svdd", designs, null, done -> { });
    assertArrayEquals(GreyImage.of(ramp(0), 28, 28).png(), Files.readAllBytes(dir.resolve("svdd-0.png")));
    assertTrue(Files.size(dir.resolve("svdd.png")) > 0);
  }

  @Test
  void images_areSplitByImage_andIdxFilesAlsoReadAsDesigns() throws IOException {
    Path file = IdxFiles.rectangles(dir, "train", 50, 28, 1);
    ImageTask.ImageCorpus corpus = task.images(List.of(file), 0.2, 7, -1);
    assertEquals(40, corpus.train().length);
    assertEquals(10, corpus.heldOut().length);
    Set<String> seen = new HashSet<>();
    for (float[][] split : List.of(corpus.train(), corpus.heldOut())) {
      for (float[] image : split) {
        seen.add(java.util.Arrays.toString(image));
      }
    }
    assertEquals(50, seen.size(), "every image lands in exactly one split");
    assertEquals(5, task.images(List.of(file), 0.2, 7, 5).train().length, "--limit caps the training images");
    assertEquals(50, task.readDesigns(file).size());
    Path fasta = Files.writeString(dir.resolve("train.fa"), ">a\nACGU\n");
    IOException e = assertThrows(IOException.class, () -> task.images(List.of(fasta), 0.1, 1, -1));
    assertTrue(e.getMessage().contains("not an IDX image file"), e.getMessage());
    e = assertThrows(IOException.class, () -> task.images(List.of(dir.resolve("absent.gz")), 0.1, 1, -1));
    assertTrue(e.getMessage().startsWith("image file " + dir.resolve("absent.gz") + " does not exist; install"),
        e.getMessage());
    Path small = IdxFiles.rectangles(dir, "small", 4, 8, 1);
    e = assertThrows(IOException.class, () -> task.images(List.of(small), 0.1, 1, -1));
    assertTrue(e.getMessage().contains("8 x 8 images"), e.getMessage());
  }

  @Test
  void classReward_isKeyedByItsGuidesContentNotItsPlace() throws Exception {
    // the durable archive keys answers by identity: a guide retrained in place must not be answered by the old one
    ImageTask.Labelled data = task.labelled(List.of(IdxFiles.rectangles(dir, "train", 32, 28, 2)));
    for (long seed : new long[] {1, 2}) {
      try (ImageClassifier guide = ClassifierTrainer.train(data.images(), data.labels(), new float[0][], new int[0], 28,
          28, ImageClassifier.CNN, FashionTask.CLASSES, new TrainingSettings(1, 8, 0.001f, seed), r -> {})) {
        guide.save(dir.resolve("seed-" + seed));
        if (seed == 1) {
          guide.save(dir.resolve("copy"));
        }
      }
    }
    Files.writeString(dir.resolve("copy").resolve("CLASSIFIER_CARD.md"), "a card rewritten\n");
    assertEquals(guideIdentity("seed-1"), guideIdentity("copy"), "the same weights elsewhere, its card rewritten");
    org.junit.jupiter.api.Assertions.assertNotEquals(guideIdentity("seed-1"), guideIdentity("seed-2"));
    assertFalse(guideIdentity("seed-1").contains(dir.toString()), guideIdentity("seed-1"));
  }

  private String guideIdentity(String name) {
    Config config = ConfigFactory.parseMap(Map.of("svdd.reward.classifier.guide", dir.resolve(name).toString()))
        .withFallback(ConfigFactory.load());
    try (RewardOracle oracle = task.openReward("class:bag", codec, config)) {
      return oracle.identity();
    }
  }

  @Test
  void classReward_scoresWithTheConfiguredGuide_andTheJudgeIsTheOtherClassifier() throws Exception {
    Path file = IdxFiles.rectangles(dir, "train", 32, 28, 2);
    ImageTask.Labelled data = task.labelled(List.of(file));
    try (ImageClassifier guide = ClassifierTrainer.train(data.images(), data.labels(), new float[0][], new int[0], 28, 28,
        ImageClassifier.CNN, FashionTask.CLASSES, new TrainingSettings(1, 8, 0.001f, 1), r -> {})) {
      guide.save(dir.resolve("guide"));
      guide.save(dir.resolve("judge"));
      Config config = ConfigFactory.parseMap(Map.of("svdd.reward.classifier.guide", dir.resolve("guide").toString(),
          "svdd.reward.classifier.judge", dir.resolve("judge").toString())).withFallback(ConfigFactory.load());
      List<FloatState> designs = List.of(ramp(0), ramp(0.5f));
      try (RewardOracle oracle = task.openReward("class:bag", codec, config)) {
        List<Reward> rewards = oracle.score(List.copyOf(designs)).toCompletableFuture().get();
        float[][] logp = guide.logProbabilities(designs.stream().map(d -> codec.parse(codec.text(d), 784).values()).toList());
        assertEquals(logp[0][FashionTask.CLASSES.indexOf("bag")], rewards.get(0).value(), 0);
        assertEquals(logp[1][FashionTask.CLASSES.indexOf("bag")], rewards.get(1).value(), 0);
      }
      try (Judge judge = task.judge(config).orElseThrow()) {
        assertTrue(judge.name().contains("held-out split"), judge.name());
        List<Judge.Verdict> verdicts = judge.judge(designs.stream().map(codec::text).toList());
        double top = Math.exp(Arrays.stream(logp(guide, designs.get(0))).max().orElseThrow());
        assertEquals(top, verdicts.get(0).score(), 1e-6);
        assertEquals(top >= 0.5, verdicts.get(0).pass());
      }
      try (Judge judge = task.judge(config, "class:bag").orElseThrow()) {
        assertTrue(judge.name().contains("bag as the top class"), judge.name());
        double[] scores = logp(guide, designs.get(0));
        double bag = Math.exp(scores[FashionTask.CLASSES.indexOf("bag")]);
        Judge.Verdict verdict = judge.judge(List.of(codec.text(designs.get(0)))).get(0);
        assertEquals(bag, verdict.score(), 1e-6, "the judge's probability of the target class");
        boolean bagOnTop = Arrays.stream(scores).max().orElseThrow() == scores[FashionTask.CLASSES.indexOf("bag")];
        assertEquals(bagOnTop, verdict.pass());
      }
    }
    Config none = ConfigFactory.parseMap(Map.of("svdd.reward.classifier.judge", dir.resolve("absent").toString()))
        .withFallback(ConfigFactory.load());
    assertTrue(task.judge(none).isEmpty(), "no judge classifier, no judge column");
  }

  private double[] logp(ImageClassifier classifier, FloatState design) {
    float[] row = classifier.logProbabilities(List.of(codec.parse(codec.text(design), 784).values()))[0];
    double[] out = new double[row.length];
    for (int i = 0; i < row.length; i++) {
      out[i] = row[i];
    }
    return out;
  }

  @Test
  void bundledJudge_passesHeldOutGarments_andNotNoiseOrPatterns() throws IOException {
    List<String> natural = task.referenceDesigns().subList(0, 100);
    float[] noise = new float[784];
    float[] checkerboard = new float[784];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) Math.max(-1, Math.min(1, random.nextGaussian()));
      checkerboard[i] = (i / 28 + i % 28) % 2 == 0 ? 1 : -1;
    }
    float[] white = new float[784];
    Arrays.fill(white, 1);
    // an all-black image is not refused: the judge reads it as a faint sandal, close to real sandals' features
    try (Judge judge = task.judge(ConfigFactory.load()).orElseThrow()) {
      assertTrue(judge.name().endsWith("99th percentile of natural images' distance to the class means"), judge.name());
      long passed = judge.judge(natural).stream().filter(Judge.Verdict::pass).count();
      assertTrue(passed >= 75, passed + " of 100 held-out images pass");
      for (float[] odd : List.of(noise, checkerboard, white)) {
        assertFalse(judge.judge(List.of(codec.text(new FloatState(odd, 0)))).get(0).pass());
      }
    }
  }

  @Test
  void aMaskedModel_isRefusedNamingTheTask() {
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> task.checkModel(Path.of("models/trna"), new MaskedDiffusion(Vocabulary.rna(), 96)));
    assertTrue(e.getMessage().contains("not a Gaussian model of 28 x 28 images, which task fashion needs"), e.getMessage());
  }

  @Test
  void diversity_isZeroForCopies_andGrowsWithDifference() {
    String a = codec.text(ramp(0));
    DesignSetMetrics same = task.measure(List.of(a, a), List.of(), dir);
    assertEquals(0, same.diversity(), 0);
    assertEquals(0.5, same.uniqueness(), 0);
    DesignSetMetrics apart = task.measure(List.of(a, codec.text(ramp(0.5f))), List.of(), dir);
    assertTrue(apart.diversity() > 0.1 && apart.diversity() < 0.5, "diversity " + apart.diversity());
  }
}
