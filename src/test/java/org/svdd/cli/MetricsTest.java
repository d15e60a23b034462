package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.svdd.api.ApiPolicy;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.store.JdbcJobStore;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/** A node's meters after a job, scraped over HTTP in Prometheus' format. */
class MetricsTest {
  private static final double[][] P = {{0.5, 0.2, 0.2, 0.1}, {0.2, 0.5, 0.2, 0.1}};

  @Test
  void scrape_afterAJob_showsBatchesOracleCallsAndJobs() throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vocabulary abc = Vocabulary.ofCharacters("ABC");
    EngineSettings settings = AbcModel.SETTINGS;
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(new MaskedDiffusion(abc, 2),
            () -> new FactorizedDenoiserFake(P), new TableOracleFake(x -> x[0]), settings, new WorkerStats(meters)),
        ConfigFactory.load());
        JdbcJobStore store = JdbcJobStore.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        MetricsEndpoint endpoint = new MetricsEndpoint("127.0.0.1", 0, meters)) {
      ServeCommand.registerClusterMeters(meters, engine);
      JobRegistry registry = new JobRegistry(engine, new ServedTask("abc", List.of("r"), abc), Clock.systemUTC(), store,
          ApiPolicy.open(), meters);
      String id = registry.submit(JobSpec.newBuilder().setParticles(3).setSteps(2).build()).getJobId();
      CompletableFuture<Void> done = new CompletableFuture<>();
      registry.watch(id, s -> {
        if (s.getState() == JobState.DONE) {
          done.complete(null);
        }
      });
      done.get(30, TimeUnit.SECONDS);
      System.gc(); // gauges hold their objects weakly: what only a gauge holds would now read NaN
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      String body = response.body();
      assertTrue(body.contains("svdd_jobs{state=\"DONE\"} 1.0"), body);
      assertTrue(body.matches("(?s).*svdd_denoise_batch_rows_count\\{worker=\"denoise-worker-0\"} [1-9].*"), body);
      assertTrue(body.matches("(?s).*svdd_oracle_latency_seconds_count\\{worker=\"reward-worker\"} [1-9].*"), body);
      assertTrue(body.contains("svdd_oracle_failures_total{worker=\"reward-worker\"} 0.0"),
          "failure series exist before the first failure: " + body);
      assertTrue(body.contains("svdd_oracle_failed_designs_total{worker=\"reward-worker\"} 0.0"), body);
      assertTrue(body.contains("svdd_denoise_queue_rows{worker=\"denoise-worker-0\"} 0.0"), body);
      assertTrue(body.contains("svdd_oracle_designs_running{worker=\"reward-worker\"} 0.0")
          && body.contains("svdd_oracle_designs_waiting{worker=\"reward-worker\"} 0.0"), "nothing left at the oracle: " + body);
      assertTrue(!body.contains("svdd_job_progress{job=\"" + id + "\"}"), "an ended job's meters are removed");
      assertTrue(body.contains("svdd_cluster_members 1.0") && body.contains("svdd_cluster_unreachable 0.0"),
          "the cluster as the node sees it: " + body);
    }
  }

  /**
   * A reward node counts each reward's work apart (its {@code reward} tag), from the first job asking for it: what it
   * paid RNAfold, what its memory answered, what a second reward's program cost.
   */
  @Test
  void oracleWork_isCountedPerReward() throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    org.svdd.task.DesignTask task = org.svdd.task.TaskRegistry.named("trna", java.nio.file.Path.of(
        System.getProperty("svdd.home", ".")));
    org.svdd.core.diffusion.DesignCodec codec = task.codec(new MaskedDiffusion(Vocabulary.ofCharacters("ACGU"), 12));
    try (org.svdd.task.TaskOracles oracles = new org.svdd.task.TaskOracles(task, codec, ConfigFactory.load(),
        org.svdd.core.reward.RewardArchive.NONE, 100, null, task.modelDir());
        org.svdd.task.TaskOracles.Cached cached = OracleMeters.counted(oracles, meters)) {
      OracleMeters.registerNode(meters, cached);
      List<org.svdd.core.diffusion.State> two = List.of(codec.parse("GGGGAAACCCCA", 12), codec.parse("GCGCAAAGCGCA", 12));
      cached.forReward("rna-mfe").score(two).toCompletableFuture().get(30, TimeUnit.SECONDS);
      cached.forReward("rna-mfe").score(two).toCompletableFuture().get(30, TimeUnit.SECONDS);
      cached.forReward("cloverleaf").score(two.subList(0, 1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      String body = meters.scrape();
      assertTrue(body.contains("svdd_oracle_designs_total{reward=\"rna-mfe\"} 4.0")
          && body.contains("svdd_oracle_calls_total{reward=\"rna-mfe\"} 2.0")
          && body.contains("svdd_oracle_archive_hits_total{reward=\"rna-mfe\"} 0.0"), "RNAfold paid once a design: " + body);
      assertTrue(body.contains("svdd_oracle_designs_total{reward=\"cloverleaf\"} 1.0")
          && body.contains("svdd_oracle_calls_total{reward=\"cloverleaf\"} 1.0"), "the other reward apart: " + body);
      assertTrue(body.contains("svdd_oracle_restarts_total 0.0") && body.matches("(?s).*svdd_oracle_slots [1-9].*"),
          "the node's programs: " + body);
      String rnafold = cached.forReward("rna-mfe").identity();
      assertTrue(rnafold.startsWith("rna-mfe|RNAfold "), rnafold);
      assertTrue(body.contains("svdd_oracle_info{oracle=\"" + rnafold + "\",reward=\"rna-mfe\"} 1\n")
          && body.contains("svdd_oracle_info{oracle=\"" + cached.forReward("cloverleaf").identity()
          + "\",reward=\"cloverleaf\"} 1\n"), "each reward's oracle named: " + body);
    }
  }

  /**
   * An oracle whose program could not say what it is when it opened is named in the metrics once it does, on a later
   * ask, without a restart.
   */
  @Test
  void anOracleNamedOnlyOnALaterAsk_isNamedInTheMetricsThen() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    org.svdd.testing.SlowToOpenTaskFake task = new org.svdd.testing.SlowToOpenTaskFake();
    task.open.countDown();
    task.opens = new org.svdd.testing.LateIdentityOracleFake("dock|2.0");
    try (org.svdd.task.TaskOracles oracles = new org.svdd.task.TaskOracles(task,
        new org.svdd.task.molecule.MoleculeCodec(new Vocabulary(List.of("[C]"))), ConfigFactory.empty(),
        org.svdd.core.reward.RewardArchive.NONE, 100, null, java.nio.file.Path.of("unused"));
        org.svdd.task.TaskOracles.Cached cached = OracleMeters.counted(oracles, meters)) {
      cached.forReward("dock");
      assertTrue(meters.scrape().contains("svdd_oracle_designs_total{reward=\"dock\"} 0.0")
          && !meters.scrape().contains("svdd_oracle_info"), "counted, not named yet: " + meters.scrape());
      cached.forReward("dock");
      assertTrue(meters.scrape().contains("svdd_oracle_info{oracle=\"dock|2.0\",reward=\"dock\"} 1\n"),
          "named once it told: " + meters.scrape());
    }
  }
}
