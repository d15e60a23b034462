package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.ApiServer;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.reward.RewardArchive;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;
import org.svdd.store.JdbcJobStore;
import org.svdd.task.DesignTask;
import org.svdd.task.TaskOracles;
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
    assertFalse(Files.exists(dir.resolve("model.checkpoint")), "the state kept after each epoch is gone once it ends");
  }

  /** The state kept beside --out by a stopped training of another network is not gone on from. */
  @Test
  void train_besideTheKeptStateOfAnotherNetwork_isRefused_namingIt() throws IOException {
    Path kept = Files.createDirectories(dir.resolve("wider.checkpoint"));
    Files.writeString(kept.resolve("checkpoint.properties"), "epochs.done=1\nidentity.task=fashion\n"
        + "identity.network=U-Net base 8, 28 x 28, COSINE\n");
    CliRunner.Result r = CliRunner.run("train", "--task", "fashion", "--data", IdxFiles.rectangles(dir, "wider", 48, 28, 3)
        .toString(), "--out", dir.resolve("wider").toString(), "--base", "4", "--epochs", "1", "--held-out", "0.25",
        "--judge-samples", "0");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(kept + " keeps 1 epoch(s) of another training (") && r.err().contains(
        "network: U-Net base 8, 28 x 28, COSINE there, U-Net base 4, 28 x 28, COSINE here"), r.err());
    assertFalse(Files.exists(dir.resolve("wider")), "nothing written");
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
    for (String file : List.of("svdd.jsonl", "summary.json")) {
      assertFalse(Files.readString(many.resolve(file)).contains("NaN"), "figures images lack are left out: " + file);
    }
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
    ConfigFactory.invalidateCaches();
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
      CliRunner.Result again = CliRunner.run("fid", "--task", "fashion", "--model", model.toString(), "--test",
          test.toString(), "--samples", "12", "--steps", "3", "--card");
      assertEquals(0, again.exitCode(), again.err());
      assertEquals(1, Files.readString(model.resolve("MODEL_CARD.md")).split("## Sample quality", -1).length - 1,
          "measured again, the card's section is replaced, not added");
      assertFalse(fid.err().contains("compare rows of one size"), "12 samples, 12 training images: " + fid.err());
      CliRunner.Result unequal = CliRunner.run("fid", "--task", "fashion", "--model", model.toString(), "--test",
          test.toString(), "--samples", "5", "--steps", "2", "--designs", model.resolve("data/heldout.tsv").toString());
      assertEquals(0, unequal.exitCode(), unequal.err());
      assertTrue(unequal.err().contains("the rows measure sets of 5, 12 images; a Fréchet distance grows as n shrinks, "
          + "so compare rows of one size (--samples 12 draws as many pre-trained samples as the smallest set of designs)"),
          unequal.err());
      StringBuilder records = new StringBuilder();
      for (String row : Files.readAllLines(model.resolve("data/heldout.tsv"))) {
        records.append("{\"method\":\"svdd\",\"sequence\":\"").append(row.split("\t")[1]).append("\"}\n");
      }
      Path jsonl = Files.writeString(dir.resolve("svdd.jsonl"), records);
      CliRunner.Result given = CliRunner.run("fid", "--task", "fashion", "--model", model.toString(), "--test", test.toString(),
          "--samples", "0", "--designs", model.resolve("data/heldout.tsv").toString(), jsonl.toString());
      assertEquals(0, given.exitCode(), given.err());
      assertTrue(given.out().lines().anyMatch(l -> l.matches("heldout\\.tsv\\s+12\\s+[0-9.]+")), given.out());
      assertEquals(given.out().lines().filter(l -> l.startsWith("heldout.tsv")).findFirst().orElseThrow().split("\\s+")[2],
          given.out().lines().filter(l -> l.startsWith("svdd.jsonl")).findFirst().orElseThrow().split("\\s+")[2],
          "a run's records of the same images measure the same: " + given.out());
      Path one = Files.writeString(dir.resolve("one.jsonl"), records.substring(0, records.indexOf("\n") + 1));
      CliRunner.Result single = CliRunner.run("fid", "--task", "fashion", "--model", model.toString(), "--test",
          test.toString(), "--samples", "0", "--designs", one.toString());
      assertEquals(2, single.exitCode(), single.err());
      assertEquals("svdd: --designs " + one + " holds 1 image; each file is a set of its own, and a Fréchet distance "
          + "needs 2 or more (a run's METHOD.jsonl holds all of its samples)", single.err().strip());
    } finally {
      System.clearProperty("svdd.reward.classifier.judge");
      ConfigFactory.invalidateCaches();
    }
    CliRunner.Result bad = CliRunner.run("train-classifier", "--role", "oracle", "--data", data.toString());
    assertEquals(2, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("--role must be guide or judge, got 'oracle'"), bad.err());
  }

  @Test
  void jobApi_servesTheFashionTask_andItsResultsComeBackAsImages() throws Exception {
    Config config = ConfigFactory.load();
    DesignTask task = TaskRegistry.named("fashion", Path.of("."));
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1),
        4, 8, 10_000, Duration.ofSeconds(30));
    try (DiffusionModel diffusion = ModelFiles.load(model);
        TaskOracles oracles = new TaskOracles(task, task.codec(diffusion.process()), config,
            RewardArchive.NONE, 1000, null, model);
        TaskOracles.Cached cached = oracles.cached();
        SamplingEngine engine = SamplingEngine.start(new NodeDeps(
            diffusion.process(), () -> diffusion.newDenoiser(8), cached, settings, new WorkerStats()), config)) {
      ApiServer server = new ApiServer("127.0.0.1", 0, new JobRegistry(engine,
          new ServedTask("fashion", task.rewards(), task.codec(diffusion.process()), task::checkReward),
          Clock.systemUTC(), JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID()
              + ";DB_CLOSE_DELAY=-1", "sa", "")));
      try {
        String address = "127.0.0.1:" + server.port();
        CliRunner.Result submitted = CliRunner.run("submit", "--server", address, "--task", "fashion", "--reward",
            "jpeg-compressibility", "--particles", "4", "--candidates", "2", "--steps", "4", "--seed", "3");
        assertEquals(0, submitted.exitCode(), submitted.err());
        String id = submitted.out().strip();
        CliRunner.Result watched = CliRunner.run("watch", "--server", address, id);
        assertTrue(watched.out().contains(id + " DONE"), watched.out() + watched.err());
        Path out = dir.resolve("served");
        CliRunner.Result results = CliRunner.run("results", "--server", address, id, "--out", out.toString());
        assertEquals(0, results.exitCode(), results.err());
        for (String file : List.of("svdd-0.png", "svdd-3.png", "svdd.png", "methods.png", "svdd.jsonl")) {
          assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
      } finally {
        server.close();
      }
    }
  }

  /** SVDD-MC on images: a value network of noisy images and their time, then sampling that pays JPEG once per sample. */
  @Test
  void trainValue_thenSampleValueMc_onImages_paysTheOracleOncePerSample() throws IOException {
    CliRunner.Result trained = CliRunner.run("train-value", "--task", "fashion", "--model", model.toString(), "--rollouts",
        "12", "--steps", "4", "--epochs", "1", "--batch-size", "8");
    assertEquals(0, trained.exitCode(), trained.err());
    Path value = model.resolve("value-jpeg-compressibility");
    assertTrue(Files.readString(value.resolve("value.properties")).contains("kind=image"));
    String card = Files.readString(value.resolve("VALUE_CARD.md"));
    assertTrue(card.contains("12 pre-trained rollouts of 4 steps") && card.contains("takes t") && card.contains("0 (clean)"),
        card);
    Path out = dir.resolve("mc");
    CliRunner.Result r = CliRunner.run("sample", "--task", "fashion", "--model", model.toString(), "--method", "svdd",
        "--value", "mc", "--particles", "3", "--candidates", "2", "--steps", "4", "--seed", "2", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String[] row = r.out().lines().filter(l -> l.startsWith("svdd ")).findFirst().orElseThrow().trim().split("\\s+");
    assertEquals("3", row[row.length - 4], "oracle calls: one per sample: " + r.out());
    assertTrue(Files.readString(out.resolve("summary.json")).contains("\"valueEstimator\": \"mc\""));
  }

  @Test
  void badInputs_areRefusedWithOneLineNamingTheProblem() {
    String[][] cases = {
        {"image file /nope/train-images-idx3-ubyte.gz does not exist; install Fashion-MNIST", "train", "--task", "fashion", "--data",
            "/nope/train-images-idx3-ubyte.gz", "--out", dir.resolve("none").toString()},
        {"--epochs must be at least 1, got 0", "train-classifier", "--role",
            "guide", "--data", "/nope/train-images-idx3-ubyte.gz", "--epochs", "0"},
        {"--members applies to task promoter, not to task fashion", "train-classifier", "--role", "guide",
            "--data", "/nope/train-images-idx3-ubyte.gz", "--members", "2"},
        {"--hidden, --kernel apply to the sequence tasks (a masked-diffusion network), not to task fashion", "train",
            "--task", "fashion", "--data", "/nope/train-images-idx3-ubyte.gz", "--out", dir.resolve("none").toString(),
            "--hidden", "8", "--kernel", "3"},
        {"--held-out applies to task promoter, not to task fashion", "train-classifier", "--role", "guide", "--data",
            "/nope/train-images-idx3-ubyte.gz", "--held-out", "0.2"},
        {"--test applies to task fashion, not to task promoter", "train-classifier", "--task", "promoter", "--role",
            "guide", "--data", "/nope/upstream.fa.gz", "--test", "/nope/t10k-images-idx3-ubyte.gz"},
        {"--members must be at least 1, got 0", "train-classifier", "--role", "guide", "--data",
            "/nope/train-images-idx3-ubyte.gz", "--members", "0"},
        {"task trna has no images to measure", "fid", "--task", "trna", "--test", "/nope.gz"},
        {"--samples must be between 2 and 4096 (or 0 with --designs), got 20000", "fid", "--test", "/nope.gz",
            "--samples", "20000"},
        {"--samples must be between 2 and 4096 (or 0 with --designs), got 1", "fid", "--test", "/nope.gz",
            "--samples", "1"},
        {"--steps must be between 1 and 4096, got 0", "fid", "--test", "/nope.gz", "--steps", "0"},
        {"image file /nope/", "fid", "--task", "fashion",
            "--test", "/nope/t10k-images-idx3-ubyte.gz", "--train", "/nope/train-images-idx3-ubyte.gz"},
        {"model " + model + " is not a masked (token) diffusion model, which task trna needs", "sample", "--task", "trna",
            "--model", model.toString(), "--out", dir.resolve("none").toString()},
    };
    for (String[] c : cases) {
      CliRunner.Result r = CliRunner.run(java.util.Arrays.copyOfRange(c, 1, c.length));
      assertEquals(2, r.exitCode(), r.err());
      assertTrue(r.err().contains(c[0]), r.err());
    }
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
