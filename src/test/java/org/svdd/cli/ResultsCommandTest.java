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

  private static String field(String json, String name) {
    return json.replaceAll(".*\"" + name + "\":(\"[^\"]*\"|[^,}]*).*", "$1");
  }
}
