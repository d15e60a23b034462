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
import org.svdd.cluster.NodeDeps;

/**
 * SVDD-MC through the CLI: {@code svdd train-value} rolls out the bundled tRNA model, scores the samples
 * with RNAfold and writes a value network beside the model; {@code svdd sample --value mc} then steers by
 * it, paying the real oracle once per sample; without a value network the run is refused, naming the
 * command that makes one.
 */
class ValueNetworkEndToEndTest {
  @TempDir static Path dir;
  private static Path model;
  private static CliRunner.Result trained;

  @BeforeAll
  static void trainValue() throws IOException {
    model = dir.resolve("trna");
    Files.createDirectories(model);
    try (Stream<Path> files = Files.list(Path.of("models/trna"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, model.resolve(f.getFileName()));
      }
    }
    trained = CliRunner.run("train-value", "--task", "trna", "--model", model.toString(), "--rollouts", "24",
        "--steps", "8", "--epochs", "2", "--batch-size", "16");
    assertEquals(0, trained.exitCode(), trained.err());
  }

  @Test
  void trainValue_writesTheNetworkBesideTheModel_withACard() throws IOException {
    Path value = model.resolve("value-rna-mfe");
    assertTrue(Files.readString(value.resolve("value.properties")).contains("reward=rna-mfe"));
    String card = Files.readString(value.resolve("VALUE_CARD.md"));
    assertTrue(card.contains("24 pre-trained rollouts of 8 steps") && card.contains("| 2 |") && card.contains("none (clean)"),
        card);
    assertEquals("wrote " + value + "; sample with it: svdd sample --task trna --reward rna-mfe --value mc --model " + model,
        trained.out().strip());
  }

  @Test
  void trainValue_elsewhere_saysWhereSamplingLooksForIt() {
    Path elsewhere = dir.resolve("elsewhere");
    CliRunner.Result r = CliRunner.run("train-value", "--task", "trna", "--model", model.toString(), "--rollouts", "4",
        "--held-out", "0.5", "--steps", "4", "--epochs", "1", "--out", elsewhere.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("wrote " + elsewhere + "; `svdd sample --task trna --reward rna-mfe --value mc --model " + model
        + "` reads the value network in " + model.resolve("value-rna-mfe") + ": put it there (or in a copy of the model) "
        + "to sample with it", r.out().strip());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "--rollouts 3 --held-out 0.1 | --held-out 0.1 of 3 rollouts holds out none, and the network needs rollouts on both "
          + "sides (the card's held-out error): give more --rollouts or another --held-out",
      "--rollouts 2 --held-out 0.9 | --held-out 0.9 of 2 rollouts holds out all of them, and the network needs",
      "--steps 0 | --steps must be between 1 and 4096, got 0",
      "--steps 100000 | --steps must be between 1 and 4096, got 100000"})
  void trainValue_badOptions_areRefusedBeforeAnyWork(String options, String expected) {
    Path out = dir.resolve("refused");
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train-value", "--task", "trna", "--model",
        model.toString(), "--out", out.toString()));
    args.addAll(java.util.List.of(options.split(" ")));
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("svdd: " + expected), r.err());
    assertTrue(!r.err().contains("rollouts 100%") && !Files.exists(out), "refused before any rollout: " + r.err());
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
    org.svdd.api.proto.RunSummary.Builder read = org.svdd.api.proto.RunSummary.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().merge(summary, read);
    assertEquals(java.util.Set.of("rna-mfe", org.svdd.core.method.ValueEstimator.valueNetworkOf("rna-mfe")),
        read.getOraclesMap().keySet(), "the oracles that scored: " + summary);
    assertTrue(read.getOraclesMap().get("rna-mfe").startsWith("rna-mfe|RNAfold "), summary);
    assertEquals("value-network rna-mfe model " + read.getValueNetworkDigest(),
        read.getOraclesMap().get(org.svdd.core.method.ValueEstimator.valueNetworkOf("rna-mfe")), "by its files' digest");
  }

  @Test
  void jobApi_servesValueMc_withTheValueNetworkBesideTheServedModel() throws Exception {
    com.typesafe.config.Config config = com.typesafe.config.ConfigFactory.load();
    org.svdd.task.DesignTask task = org.svdd.task.TaskRegistry.named("trna", Path.of("."));
    org.svdd.cluster.EngineSettings settings = new org.svdd.cluster.EngineSettings(1, 16, java.time.Duration.ofMillis(1),
        4, 8, 10_000, java.time.Duration.ofSeconds(30));
    try (org.svdd.model.DiffusionModel diffusion = org.svdd.model.ModelFiles.load(model);
        org.svdd.task.TaskOracles oracles = new org.svdd.task.TaskOracles(task, task.codec(diffusion.process()), config,
            org.svdd.core.reward.RewardArchive.NONE, 1000, null, model);
        org.svdd.task.TaskOracles.Cached cached = oracles.cached();
        org.svdd.cluster.SamplingEngine engine = org.svdd.cluster.SamplingEngine.start(new org.svdd.cluster.NodeDeps(
            diffusion.process(), () -> diffusion.newDenoiser(8), cached, settings, new org.svdd.cluster.WorkerStats()),
            config)) {
      org.svdd.api.ApiServer server = new org.svdd.api.ApiServer("127.0.0.1", 0, new org.svdd.api.JobRegistry(engine,
          ServeCommand.servedTask(task, model, null, "rna-mfe", task.codec(diffusion.process()), config),
          java.time.Clock.systemUTC(), org.svdd.store.JdbcJobStore.open("jdbc:h2:mem:" + java.util.UUID.randomUUID()
              + ";DB_CLOSE_DELAY=-1", "sa", "")));
      try {
        String address = "127.0.0.1:" + server.port();
        CliRunner.Result submitted = CliRunner.run("submit", "--server", address, "--task", "trna", "--value", "mc",
            "--particles", "4", "--candidates", "3", "--steps", "8", "--seed", "2");
        assertEquals(0, submitted.exitCode(), submitted.err());
        String id = submitted.out().strip();
        CliRunner.Result watched = CliRunner.run("watch", "--server", address, id);
        assertTrue(watched.out().contains(id + " DONE"), watched.out() + watched.err());
        assertEquals(4, cached.stats("rna-mfe").requested(), "RNAfold once per sample");
        long valued = cached.stats(org.svdd.core.method.ValueEstimator.valueNetworkOf("rna-mfe")).delegated();
        assertTrue(valued > 0, "the value network valued the steps");
        CliRunner.Result status = CliRunner.run("status", "--server", address, id);
        assertTrue(status.out().contains("\noracle  " + cached.stats("rna-mfe").delegated() + " oracle calls, " + valued
            + " by the value network ("), "the job reward's calls, and the network's apart: " + status.out());
        assertTrue(status.out().contains("\nscorer  " + org.svdd.core.method.ValueEstimator.valueNetworkOf("rna-mfe")
            + ": value-network rna-mfe model " + org.svdd.oracle.ContentDigest.ofLoaded(model.resolve("value-rna-mfe"))
            + "\n"), "the service names the network that steered the job: " + status.out());

        CliRunner.Result noNetwork = CliRunner.run("submit", "--server", address, "--task", "trna", "--value", "mc",
            "--reward", "cloverleaf", "--particles", "4", "--steps", "8");
        assertEquals(2, noNetwork.exitCode(), noNetwork.out() + noNetwork.err());
        assertTrue(noNetwork.err().contains("value mc needs a value network for reward 'cloverleaf' at "
            + model.resolve("value-cloverleaf") + "; train one with: svdd train-value --task trna --reward cloverleaf "
            + "--model " + model), "refused at once, naming the command: " + noNetwork.err());
        Path another = model.resolve("value-cloverleaf");
        Files.createDirectories(another);
        Files.copy(model.resolve("value-rna-mfe").resolve("value.properties"), another.resolve("value.properties"));
        try {
          CliRunner.Result wrong = CliRunner.run("submit", "--server", address, "--task", "trna", "--value", "mc",
              "--reward", "cloverleaf", "--particles", "4", "--steps", "8");
          assertEquals(2, wrong.exitCode(), wrong.out() + wrong.err());
          assertTrue(wrong.err().contains(another + " holds the value network of reward 'rna-mfe', not 'cloverleaf'"),
              wrong.err());
        } finally {
          Files.delete(another.resolve("value.properties"));
          Files.delete(another);
        }
        assertEquals(1, CliRunner.run("status", "--server", address).out().lines().filter(l -> l.contains("DONE")
            || l.contains("FAILED") || l.contains("QUEUED")).count(), "no job was made of either refused spec");
      } finally {
        server.close();
      }
    }
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
