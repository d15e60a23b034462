package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.task.TaskRegistry;
import org.svdd.testing.IdxFiles;

/**
 * The image task through the CLI: {@code svdd train --task fashion} trains a (tiny) U-Net by DDPM and
 * writes a model that {@code svdd sample} loads, steers and writes as PNGs; the same seed gives the same
 * PNG bytes whatever the batch size.
 */
class ImageEndToEndTest {
  @TempDir static Path dir;
  private static Path model;

  @BeforeAll
  static void train() throws IOException {
    Path data = IdxFiles.rectangles(dir, "train", 48, 28, 3);
    model = dir.resolve("model");
    CliRunner.Result r = CliRunner.run("train", "--task", "fashion", "--data", data.toString(), "--out", model.toString(),
        "--base", "4", "--epochs", "1", "--batch-size", "16", "--held-out", "0.25", "--judge-samples", "8",
        "--judge-steps", "4");
    assertEquals(0, r.exitCode(), r.err());
  }

  @Test
  void train_writesTheModel_itsCurve_samples_referenceImages_andACard() throws IOException {
    for (String file : List.of("model.properties", "training.tsv", "loss.png", "samples.png", "MODEL_CARD.md", "data/heldout.tsv")) {
      assertTrue(Files.size(model.resolve(file)) > 0, file);
    }
    assertTrue(Files.readString(model.resolve("model.properties")).contains("process=gaussian"));
    assertEquals(2, Files.readAllLines(model.resolve("training.tsv")).size(), "header and one epoch");
    String card = Files.readString(model.resolve("MODEL_CARD.md"));
    assertTrue(card.contains("`svdd train --task fashion --data ") && card.contains("--base 4") && card.contains("Loss per epoch") && card.contains("samples.png"), card);
    assertEquals(12, TaskRegistry.named("fashion", Path.of(".")).readDesigns(model.resolve("data/heldout.tsv")).size());
  }

  @Test
  void sample_sameSeed_sameImageFiles_whateverTheBatchSize() throws IOException {
    Path one = sample("one", "1");
    Path many = sample("many", "64");
    List<String> pngs;
    try (var files = Files.list(many)) {
      pngs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
    }
    assertEquals(2 * (6 + 1) + 2, pngs.size(), "a PNG per design and a grid per method, methods.png, rewards.png: " + pngs);
    assertEquals(720, javax.imageio.ImageIO.read(many.resolve("rewards.png").toFile()).getWidth(), "the reward plot");
    java.awt.image.BufferedImage methods = javax.imageio.ImageIO.read(many.resolve("methods.png").toFile());
    assertEquals(8 * (2 * 28 + 2) + 2, methods.getWidth(), "eight designs per row, zoomed twice");
    assertEquals(2 * (2 * 28 + 2) + 2, methods.getHeight(), "a row per method");
    for (String png : pngs.stream().filter(p -> !p.equals("rewards.png")).toList()) {
      assertArrayEquals(Files.readAllBytes(many.resolve(png)), Files.readAllBytes(one.resolve(png)), png);
    }
    assertEquals(Files.readAllLines(many.resolve("svdd.jsonl")), Files.readAllLines(one.resolve("svdd.jsonl")));
  }

  @Test
  void sample_aRewardOfAnotherTask_isRefusedNamingTheAllowedOnes() {
    CliRunner.Result r = CliRunner.run("sample", "--task", "fashion", "--model", model.toString(), "--reward", "rna-mfe",
        "--out", dir.resolve("bad").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("unknown reward 'rna-mfe' for task fashion; allowed: [jpeg-compressibility, class:t-shirt"),
        r.err());
  }

  @Test
  void trainClassifier_guideAndJudge_splitTheImagesAndWriteACard_andTheJudgeMeasuresSampleQuality() throws IOException {
    Path data = dir.resolve("train-images-idx3-ubyte");
    Path test = IdxFiles.rectangles(dir, "t10k", 20, 28, 4);
    for (String role : List.of("guide", "judge")) {
      Path out = dir.resolve("classifier-" + role);
      CliRunner.Result r = CliRunner.run("train-classifier", "--task", "fashion", "--role", role, "--data", data.toString(),
          "--test", test.toString(), "--epochs", "1", "--batch-size", "8", "--out", out.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().contains(role + ": 24 of 48 training images (" + (role.equals("guide") ? "even" : "odd")), r.err());
      String card = Files.readString(out.resolve("CLASSIFIER_CARD.md"));
      assertTrue(card.contains(role.equals("guide") ? "A cnn" : "A mlp") && card.contains("| 1 |"), card);
      assertTrue(Files.readString(out.resolve("classifier.properties")).contains("classes=t-shirt,trouser"));
    }
    Path judge = dir.resolve("classifier-judge");
    System.setProperty("svdd.reward.classifier.judge", judge.toString());
    com.typesafe.config.ConfigFactory.invalidateCaches();
    try {
      CliRunner.Result fid = CliRunner.run("fid", "--task", "fashion", "--model", model.toString(), "--test", test.toString(),
          "--train", data.toString(), "--samples", "12", "--steps", "3", "--card");
      assertEquals(0, fid.exitCode(), fid.err());
      double samplesFd = Double.parseDouble(fid.out().lines().filter(l -> l.startsWith("pre-trained samples"))
          .findFirst().orElseThrow().replaceAll(".* ", ""));
      double trainingFd = Double.parseDouble(fid.out().lines().filter(l -> l.startsWith("training images"))
          .findFirst().orElseThrow().replaceAll(".* ", ""));
      assertTrue(trainingFd >= 0 && samplesFd > trainingFd, "the training images are closer to the test images than "
          + "one-epoch samples: " + fid.out());
      assertTrue(Files.readString(model.resolve("MODEL_CARD.md")).contains("## Sample quality"));
      CliRunner.Result given = CliRunner.run("fid", "--task", "fashion", "--model", model.toString(), "--test", test.toString(),
          "--samples", "0", "--designs", model.resolve("data/heldout.tsv").toString());
      assertEquals(0, given.exitCode(), given.err());
      assertTrue(given.out().lines().anyMatch(l -> l.matches("heldout\\.tsv\\s+12\\s+[0-9.]+")), given.out());
    } finally {
      System.clearProperty("svdd.reward.classifier.judge");
      com.typesafe.config.ConfigFactory.invalidateCaches();
    }
    CliRunner.Result bad = CliRunner.run("train-classifier", "--role", "oracle", "--data", data.toString());
    assertEquals(2, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("--role must be guide or judge, got 'oracle'"), bad.err());
  }

  private static Path sample(String name, String maxBatch) {
    Path out = dir.resolve(name);
    CliRunner.Result r = CliRunner.run("sample", "--task", "fashion", "--model", model.toString(), "--method",
        "pretrained,svdd", "-n", "6", "-m", "3", "--steps", "6", "--seed", "5", "--max-batch", maxBatch,
        "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    return out;
  }
}
