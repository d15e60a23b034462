package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.api.ApiServer;
import org.svdd.api.JobRegistry;
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
import org.svdd.testing.AbcModel;

/**
 * {@code svdd results --out} of a job a service ran with the bundled tRNA model and RNAfold: the files and table
 * {@code svdd sample} writes, the service's rewards kept, naturalness as {@code svdd eval} estimates it.
 */
class ResultsCommandTest {
  @TempDir Path dir;

  @Test
  void results_out_addsNaturalnessAndTheTasksFigures_keepingTheServicesRewards() throws Exception {
    Config config = ConfigFactory.load();
    DesignTask task = TaskRegistry.named("trna", Home.dir());
    EngineSettings settings = AbcModel.SETTINGS;
    try (DiffusionModel diffusion = ModelFiles.load(task.modelDir());
        TaskOracles oracles = new TaskOracles(task, task.codec(diffusion.process()), config, RewardArchive.NONE, 1000,
            null, task.modelDir());
        TaskOracles.Cached cached = oracles.cached();
        SamplingEngine engine = SamplingEngine.start(new NodeDeps(diffusion.process(),
            () -> diffusion.newDenoiser(8), cached, settings, new WorkerStats()), config)) {
      String digest = org.svdd.oracle.ContentDigest.ofDenoiser(task.modelDir());
      ApiServer server = new ApiServer("127.0.0.1", 0, new JobRegistry(engine,
          ServeCommand.servedTask(task, task.modelDir(), null, "rna-mfe", task.codec(diffusion.process()), config),
          Clock.systemUTC(),
          JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")));
      try {
        String address = "127.0.0.1:" + server.port();
        CliRunner.Result submitted = CliRunner.run("submit", "--server", address, "--particles", "3", "--candidates",
            "2", "--steps", "4", "--seed", "5");
        assertEquals(0, submitted.exitCode(), submitted.err());
        String id = submitted.out().strip();
        assertTrue(CliRunner.run("watch", "--server", address, id).out().contains(id + " DONE"));
        Path out = dir.resolve("served");
        CliRunner.Result results = CliRunner.run("results", "--server", address, id, "--out", out.toString());
        assertEquals(0, results.exitCode(), results.err());
        String row = results.out().lines().filter(l -> l.startsWith("svdd ")).findFirst().orElseThrow();
        assertTrue(row.matches("svdd\\s+3\\s.*\\s\\d+\\.\\d$"), "a row as sample prints it, with the job's wall time on "
            + "the service: " + row);
        assertTrue(results.err().contains("wall-s is from its start to its end on the service"), results.err());
        assertTrue(results.err().contains("svdd: naturalness under " + task.modelDir() + ", the model the service ran ("
            + digest + ")"), results.err());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"modelDigest\": \"" + digest + "\""),
            "the model that drew the samples, as the service recorded it");
        assertTrue(!results.err().contains("svdd: the service scored reward"), "one RNAfold here and there: "
            + results.err());
        assertTrue(Files.readString(out.resolve("summary.json")).matches(
            "(?s).*\"oracles\": \\{\n\\s*\"rna-mfe\": \"rna-mfe\\|RNAfold [^\"]+\"\n\\s*\\}.*"),
            "the oracle that scored the job, as the service recorded it: " + Files.readString(out.resolve("summary.json")));
        List<String> served = Files.readAllLines(out.resolve("svdd.jsonl"));
        assertTrue(served.stream().allMatch(l -> l.contains("\"judge_pass\"")), "the held-out judge's verdicts: " + served);
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"medianReward\""), "a row per method");
        assertTrue(Files.readString(out.resolve("summary.json")).matches("(?s).*\"denoisedRows\": \"[1-9]\\d*\".*"),
            "the rows the service denoised for the job");

        CliRunner.Result eval = CliRunner.run("eval", "--designs", out.resolve("svdd.jsonl").toString(), "--seed", "5",
            "--label", "svdd", "--out", dir.resolve("eval").toString());
        assertEquals(0, eval.exitCode(), eval.err());
        List<String> scored = Files.readAllLines(dir.resolve("eval").resolve("svdd.jsonl"));
        for (int i = 0; i < served.size(); i++) {
          assertEquals(field(served.get(i), "naturalness"), field(scored.get(i), "naturalness"),
              "naturalness is the design's under the model and seed");
          assertEquals(field(served.get(i), "reward"), field(scored.get(i), "reward"), "RNAfold agrees with the service");
          assertNotEquals("0.0", field(served.get(i), "naturalness"));
        }

        Path other = dir.resolve("other-model");
        org.svdd.testing.TempTrees.copy(task.modelDir(), other);
        Files.writeString(other.resolve("model.properties"), "# retrained since\n",
            java.nio.file.StandardOpenOption.APPEND);
        CliRunner.Result elsewhere = CliRunner.run("results", "--server", address, id, "--out",
            dir.resolve("elsewhere").toString(), "--model", other.toString());
        assertEquals(0, elsewhere.exitCode(), elsewhere.err());
        assertTrue(elsewhere.err().contains("svdd: warning: naturalness under " + other + " ("
            + org.svdd.oracle.ContentDigest.ofDenoiser(other) + "), not the model the service ran (" + digest + ")"),
            elsewhere.err());

        CliRunner.Result noModel = CliRunner.run("results", "--server", address, id, "--out",
            dir.resolve("raw").toString(), "--model", dir.resolve("absent").toString());
        assertEquals(0, noModel.exitCode(), noModel.err());
        assertTrue(noModel.err().contains("without naturalness and the task's figures: no model directory "
            + dir.resolve("absent")), noModel.err());
        assertTrue(Files.readAllLines(dir.resolve("raw").resolve("svdd.jsonl")).stream()
            .noneMatch(l -> l.contains("naturalness")), "not estimated is left out, never a perfect 0");
        CliRunner.Result stray = CliRunner.run("results", "--server", address, id, "--model", task.modelDir().toString());
        assertEquals(2, stray.exitCode(), stray.err());
        assertEquals("svdd: --model is for --out (the files' naturalness); without --out results prints the designs",
            stray.err().strip());
      } finally {
        server.close();
      }
    }
  }

  /**
   * A docking job's results: the service keeps no poses, so {@code results --out} docks each sample here again (Vina
   * is deterministic) into svdd.sdf, titled with the service's reward, and warns of one whose affinity here is not the
   * reward the service gave it. The job is put in the store as a service ends one; no docking job runs.
   */
  @Test
  void results_out_ofADockingJob_docksEachSampleHereAgainForItsPose() throws Exception {
    System.setProperty("svdd.reward.vina.judge-exhaustiveness", "0"); // the judge re-docks harder: not tested here
    ConfigFactory.invalidateCaches();
    Config config = ConfigFactory.load();
    DesignTask task = TaskRegistry.named("molecules", Home.dir());
    org.svdd.core.diffusion.DiffusionProcess process = ModelFiles.describe(task.modelDir()).process();
    org.svdd.core.diffusion.DesignCodec codec = task.codec(process);
    // as the service's codec writes them
    String aspirin = codec.text(codec.parse("CC(=O)Oc1ccccc1C(=O)O", process.length()));
    String phenol = codec.text(codec.parse("Oc1ccccc1", process.length()));
    double docked;
    try (org.svdd.core.reward.RewardOracle vina = task.openReward("vina-abl", codec, config)) {
      docked = ((org.svdd.oracle.VinaOracle) vina).dock(aspirin).join().reward().value();
    }
    assertTrue(docked > 0, "aspirin docks on Abl: " + docked);
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(AbcModel.process(3),
            () -> new org.svdd.testing.FactorizedDenoiserFake(AbcModel.rows(3)),
            new org.svdd.testing.TableOracleFake(x -> 0), AbcModel.SETTINGS, new WorkerStats()), config);
        JdbcJobStore store = JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")) {
      String id = UUID.randomUUID().toString();
      store.insertJob(new org.svdd.store.StoredJob(id, org.svdd.api.JobSpecs.toJson(org.svdd.api.proto.JobSpec
          .newBuilder().setTask("molecules").setReward("vina-abl").setMethod("svdd").setParticles(2).setSteps(4)
          .setSeed(3).build()), "RUNNING", null, 1_000L, ""));
      store.finish(id, "DONE", List.of(
          new org.svdd.core.method.Sample(0, codec.parse(aspirin, process.length()),
              new org.svdd.core.reward.Reward(docked, "affinity")),
          new org.svdd.core.method.Sample(1, codec.parse(phenol, process.length()),
              new org.svdd.core.reward.Reward(0.125, "affinity"))),
          new org.svdd.store.StoredJob.Ending(org.svdd.store.StoredJob.Progress.NONE,
              new org.svdd.core.method.Checkpoints.Tally(org.svdd.core.method.Spend.NONE, "",
                  java.util.Map.of("vina-abl", "vina|vina-abl|AutoDock Vina v0.9|exhaustiveness 1")), 2_000L));
      ApiServer server = new ApiServer("127.0.0.1", 0, new JobRegistry(engine,
          new org.svdd.api.ServedTask("molecules", task.rewards(), codec, task::checkReward), Clock.systemUTC(), store));
      try {
        Path out = dir.resolve("docked");
        CliRunner.Result results = CliRunner.run("results", "--server", "127.0.0.1:" + server.port(), id, "--out",
            out.toString());
        assertEquals(0, results.exitCode(), results.err());
        String sdf = Files.readString(out.resolve("svdd.sdf"));
        assertEquals(2, sdf.split("\\$\\$\\$\\$", -1).length - 1, "a pose per sample: " + sdf);
        assertTrue(sdf.startsWith(String.format(java.util.Locale.ROOT, "svdd-0 reward=%.3f %s\n", docked, aspirin)),
            sdf);
        assertTrue(sdf.contains("\nsvdd-1 reward=0.125 " + phenol + "\n"), sdf);
        assertTrue(results.err().contains("svdd.sdf: the pose of svdd-1 docked here scores "), results.err());
        String here;
        try (org.svdd.core.reward.RewardOracle vina = task.openReward("vina-abl", codec, config)) {
          here = vina.identity();
        }
        assertTrue(results.err().contains("svdd: the service scored reward 'vina-abl' with vina|vina-abl|AutoDock Vina "
            + "v0.9|exhaustiveness 1; this machine's oracle is " + here + ": what is scored here again (docked poses, "
            + "the task's figures) is this one's\n"), "said before the poses: " + results.err());
        assertTrue(!results.err().contains("the pose of svdd-0"), "aspirin docks here as the service docked it: "
            + results.err());
      } finally {
        server.close();
      }
    } finally {
      System.clearProperty("svdd.reward.vina.judge-exhaustiveness");
      ConfigFactory.invalidateCaches();
    }
  }

  private static String field(String json, String name) {
    return json.replaceAll(".*\"" + name + "\":(\"[^\"]*\"|[^,}]*).*", "$1");
  }
}
