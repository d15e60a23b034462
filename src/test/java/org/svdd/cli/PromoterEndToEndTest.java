package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.task.SequenceFiles;
import org.svdd.testing.TempTrees;

/**
 * The promoter task through the CLI on a small planted data set: both predictors train on their own
 * genes and write cards beside the test genes' promoters, {@code svdd train --task promoter} pre-trains
 * on the windows, and {@code svdd sample} steers toward the guide and reports the judge and the TATA box.
 */
class PromoterEndToEndTest {
  @TempDir static Path dir;
  private static Path data;
  private static Path model;

  /** Regions of 1,200 nt, far apart; the last 200 (the core promoter) GC-rich with a TATA box 30 nt from the end. */
  private static Path regions(int n, long seed) throws IOException {
    Random random = new Random(seed);
    StringBuilder fasta = new StringBuilder();
    for (int i = 0; i < n; i++) {
      StringBuilder s = new StringBuilder();
      for (int k = 0; k < 1200; k++) {
        boolean core = k >= 1000;
        s.append(core && random.nextDouble() < 0.5 ? "GC".charAt(random.nextInt(2)) : "ACGT".charAt(random.nextInt(4)));
      }
      s.replace(1170, 1178, "TATAAAAG");
      long start = 10_000L * i;
      fasta.append(">NM_").append(i).append("_up chr").append(i % 3).append(':').append(start).append('-')
          .append(start + 1199).append('\n').append(s).append('\n');
    }
    Path file = dir.resolve("upstream.fa.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(fasta.toString().getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }

  @BeforeAll
  static void train() throws IOException {
    data = regions(160, 3);
    model = dir.resolve("model");
    for (String role : List.of("guide", "judge")) {
      // the guide an ensemble of two networks, as the bundled one is
      CliRunner.Result r = CliRunner.run("train-classifier", "--task", "promoter", "--role", role, "--data", data.toString(),
          "--epochs", "3", "--batch-size", "16", "--held-out", "0.2", "--members", role.equals("guide") ? "2" : "1",
          "--out", model.resolve("classifier-" + role).toString());
      assertEquals(0, r.exitCode(), r.err());
      System.setProperty("svdd.reward.classifier." + role, model.resolve("classifier-" + role).toString());
    }
    ConfigFactory.invalidateCaches();
    CliRunner.Result r = CliRunner.run("train", "--task", "promoter", "--data", data.toString(), "--out", model.toString(),
        "--length", "200", "--hidden", "8", "--blocks", "1", "--epochs", "1", "--batch-size", "64", "--held-out", "0.2",
        "--judge-samples", "4", "--judge-steps", "4");
    assertEquals(0, r.exitCode(), r.err());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("svdd.reward.classifier.guide");
    System.clearProperty("svdd.reward.classifier.judge");
    ConfigFactory.invalidateCaches();
  }

  @Test
  void predictors_learnThePlantedPromoters_andWriteCardsWithTheBaselines() throws IOException {
    for (String role : List.of("guide", "judge")) {
      String card = Files.readString(model.resolve("classifier-" + role + "/CLASSIFIER_CARD.md"));
      assertTrue(card.contains(role.equals("guide") ? "A cnn" : "A kmer") && card.contains("k-mer baseline")
          && card.contains("TATA box"), card);
      String accuracy = card.lines().filter(l -> l.startsWith("| this ")).findFirst().orElseThrow();
      assertTrue(Double.parseDouble(accuracy.replaceAll(".*\\| ([0-9.]+) \\|$", "$1")) > 0.9, accuracy);
      assertEquals(role.equals("guide"), card.contains("| member 2 alone (seed 2) | ") && card.contains("--members 2`"), card);
    }
    List<SequenceFiles.Entry> promoters = SequenceFiles.readDna(model.resolve("data/promoters-test.fa"));
    assertTrue(!promoters.isEmpty() && promoters.stream().allMatch(e -> e.sequence().length() == 200
        && e.sequence().substring(170, 178).equals("TATAAAAG")), "the test genes' core promoters");
  }

  @Test
  void train_preTrainsOnEveryWindow_andHoldsOutTheTestGenes() throws IOException {
    List<SequenceFiles.Entry> train = SequenceFiles.readDna(model.resolve("data/train.fa"));
    List<SequenceFiles.Entry> held = SequenceFiles.readDna(model.resolve("data/heldout.fa"));
    assertEquals(160 * 6, train.size() + held.size(), "six 200-nt windows of each region");
    assertTrue(train.stream().allMatch(e -> e.sequence().matches("[ACGT]{200}")));
    String card = Files.readString(model.resolve("MODEL_CARD.md"));
    assertTrue(card.contains("supplied by whoever trained this model (source and licence not recorded): `upstream.fa.gz`")
        && card.contains("Held-out judge"), "a test's own regions are not credited to r-bioc-biostrings: " + card);
  }

  /**
   * A value network learns the guide's answers, so it records the guide's digest; beside a guide retrained since (here
   * a copy whose settings file differs) --value mc refuses it, naming the train-value that fits it again.
   */
  @Test
  void valueNetwork_fittedToTheGuide_isRefusedOnceTheGuideChanges() throws IOException {
    Path values = dir.resolve("values-model");
    TempTrees.copy(model, values);
    CliRunner.Result trained = CliRunner.run("train-value", "--task", "promoter", "--model", values.toString(),
        "--rollouts", "8", "--held-out", "0.5", "--steps", "4", "--epochs", "1", "--batch-size", "16");
    assertEquals(0, trained.exitCode(), trained.err());
    String guide = org.svdd.oracle.ContentDigest.of(model.resolve("classifier-guide"));
    assertTrue(Files.readString(values.resolve("value-promoter/value.properties")).contains("reward-model=" + guide));
    String[] mc = {"sample", "--task", "promoter", "--model", values.toString(), "--value", "mc", "--particles", "2",
        "--candidates", "2", "--steps", "4", "--out", ""};
    mc[mc.length - 1] = dir.resolve("mc-run").toString();
    CliRunner.Result steered = CliRunner.run(mc);
    assertEquals(0, steered.exitCode(), steered.err());

    Path retrained = dir.resolve("guide-retrained");
    TempTrees.copy(model.resolve("classifier-guide"), retrained);
    Files.writeString(retrained.resolve("classifier.properties"), "# retrained\n", java.nio.file.StandardOpenOption.APPEND);
    System.setProperty("svdd.reward.classifier.guide", retrained.toString());
    ConfigFactory.invalidateCaches();
    try {
      mc[mc.length - 1] = dir.resolve("mc-stale").toString();
      CliRunner.Result stale = CliRunner.run(mc);
      assertEquals(2, stale.exitCode(), stale.err());
      assertTrue(stale.err().contains("was fitted to rewards another model scored (" + guide + "; reward 'promoter' is "
          + "scored by " + org.svdd.oracle.ContentDigest.of(retrained) + " now") && stale.err().contains(
          "train it again for this reward model with: svdd train-value --task promoter --reward promoter --model "
          + values + " --replace"), stale.err());
    } finally {
      System.setProperty("svdd.reward.classifier.guide", model.resolve("classifier-guide").toString());
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void sample_steersTowardTheGuide_andReportsTheJudgeAndTheTataBox() throws IOException {
    Path out = dir.resolve("run");
    CliRunner.Result r = CliRunner.run("sample", "--task", "promoter", "--model", model.toString(), "--method",
        "svdd,pretrained", "--particles", "4", "--candidates", "2", "--steps", "4", "--seed", "5", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String header = r.out().lines().filter(l -> l.startsWith("method")).findFirst().orElseThrow();
    assertTrue(header.contains("judged") && header.trim().endsWith("tata"), r.out());
    assertTrue(r.out().contains("judged: held out, guided nothing: promoter by the held-out kmer predictor"), r.out());
    List<SequenceFiles.Entry> designs = SequenceFiles.readDna(out.resolve("svdd.fasta"));
    assertEquals(4, designs.size());
    for (SequenceFiles.Entry e : designs) {
      assertTrue(e.sequence().matches("[ACGT]+"), e.sequence());
      double reward = Double.parseDouble(e.name().replaceAll(".*reward=", ""));
      assertTrue(reward >= -20 && reward <= 20, e.name());
    }
    assertTrue(Files.readString(out.resolve("summary.json")).contains("\"tata\""));
    org.svdd.api.proto.RunSummary.Builder summary = org.svdd.api.proto.RunSummary.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().merge(Files.readString(out.resolve("summary.json")), summary);
    assertEquals(org.svdd.oracle.ContentDigest.of(model.resolve("classifier-guide")), summary.getRewardModelDigest(),
        "the run records the guide that scored it");
    assertEquals(org.svdd.oracle.ContentDigest.of(model.resolve("classifier-judge")), summary.getJudgeModelDigest(),
        "and the judge");
  }
}
