package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SVDD-MC through the CLI: {@code svdd train-value} rolls out the bundled tRNA model, scores the samples
 * with RNAfold and writes a value network beside the model; {@code svdd sample --value mc} then steers by
 * it, paying the real oracle once per sample; without a value network the run is refused, naming the
 * command that makes one.
 */
class ValueNetworkEndToEndTest {
  @TempDir static Path dir;
  private static Path model;

  @BeforeAll
  static void trainValue() throws IOException {
    model = dir.resolve("trna");
    Files.createDirectories(model);
    try (Stream<Path> files = Files.list(Path.of("models/trna"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, model.resolve(f.getFileName()));
      }
    }
    CliRunner.Result r = CliRunner.run("train-value", "--task", "trna", "--model", model.toString(), "--rollouts", "24",
        "--steps", "8", "--epochs", "2", "--batch-size", "16");
    assertEquals(0, r.exitCode(), r.err());
  }

  @Test
  void trainValue_writesTheNetworkBesideTheModel_withACard() throws IOException {
    Path value = model.resolve("value-rna-mfe");
    assertTrue(Files.readString(value.resolve("value.properties")).contains("reward=rna-mfe"));
    String card = Files.readString(value.resolve("VALUE_CARD.md"));
    assertTrue(card.contains("24 pre-trained rollouts of 8 steps") && card.contains("| 2 |") && card.contains("none (clean)"),
        card);
  }

  @Test
  void sampleValueMc_paysTheOracleOncePerSample() throws IOException {
    Path out = dir.resolve("mc");
    CliRunner.Result r = CliRunner.run("sample", "--task", "trna", "--model", model.toString(), "--method", "svdd",
        "--value", "mc", "--particles", "4", "--candidates", "3", "--steps", "8", "--seed", "2", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String row = r.out().lines().filter(l -> l.startsWith("svdd ")).findFirst().orElseThrow();
    assertEquals("4", row.trim().split("\\s+")[row.trim().split("\\s+").length - 4], "oracle calls: one per sample: " + r.out());
    String summary = Files.readString(out.resolve("summary.json"));
    assertTrue(summary.contains("\"valueEstimator\": \"mc\"") && summary.contains("earlyOracleCalls"), summary);
  }

  @Test
  void sampleValueMc_withoutAValueNetwork_namesTheCommandThatMakesOne() {
    CliRunner.Result r = CliRunner.run("sample", "--task", "trna", "--method", "svdd", "--value", "mc", "--reward",
        "cloverleaf", "--model", model.toString(), "--particles", "2", "--candidates", "2", "--steps", "4", "--out",
        dir.resolve("none").toString());
    assertTrue(r.exitCode() != 0, r.out());
    assertTrue(r.err().contains("svdd train-value --task trna --reward cloverleaf"), r.err());
  }

  @Test
  void sampleValueMc_withAnEarlyRewardToo_isRefused() {
    CliRunner.Result r = CliRunner.run("sample", "--task", "trna", "--value", "mc", "--early-reward", "cloverleaf",
        "--model", model.toString(), "--out", dir.resolve("both").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("value mc") && r.err().contains("early_value.reward"), r.err());
  }
}
