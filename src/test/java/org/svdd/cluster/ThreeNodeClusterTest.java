package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.svdd.api.ApiServer;
import org.svdd.api.JobRegistry;
import org.svdd.api.ServedTask;
import org.svdd.api.proto.JobRef;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SamplingServiceGrpc;
import org.svdd.api.proto.SubmitJobRequest;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.store.JdbcJobStore;
import org.svdd.testing.AbcModel;
import org.svdd.testing.ContextDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * Three nodes in one JVM on loopback, talking over Artery with Kryo: a coordinator node without
 * workers and two worker nodes. A job's requests are served on both worker nodes, and its samples
 * equal the sequential reference (and so the one-node engine) for the same seed.
 */
class ThreeNodeClusterTest {
  private static final double[][] P = AbcModel.rows(6);
  private static final MaskedDiffusion PROCESS = AbcModel.process(6);
  private static final EngineSettings SETTINGS = AbcModel.SETTINGS;
  private static SamplingEngine coordinator;
  private static SamplingEngine workerB;
  private static SamplingEngine workerC;
  private static final WorkerStats STATS_B = new WorkerStats();
  private static final WorkerStats STATS_C = new WorkerStats();

  /** The reward "verbose" answers like the default one with a 120-character detail, as RNAfold's structure. */
  private static NodeDeps workerDeps(WorkerStats stats) {
    org.svdd.core.reward.RewardOracle plain = new JitteryOracleFake(EngineDeterminismTest::reward);
    org.svdd.core.reward.RewardOracle verbose = designs -> java.util.concurrent.CompletableFuture.completedFuture(
        designs.stream().map(d -> new org.svdd.core.reward.Reward(1, ".".repeat(120))).toList());
    return new NodeDeps(PROCESS, () -> new ContextDenoiserFake(P),
        (org.svdd.core.reward.RewardOracles) name -> name.equals("verbose") ? verbose : plain, SETTINGS, stats);
  }

  @BeforeAll
  static void formCluster() throws InterruptedException {
    NodeDeps coordinatorDeps = new NodeDeps(PROCESS, () -> {
      throw new IllegalStateException("a coordinator-only node must not load a model");
    }, (org.svdd.core.reward.RewardOracles) null, SETTINGS, new WorkerStats());
    coordinator = SamplingEngine.start(coordinatorDeps, LoopbackCluster.roles("api, coordinator"));
    workerB = SamplingEngine.join(workerDeps(STATS_B), LoopbackCluster.roles("denoiser, reward"), coordinator.address());
    workerC = SamplingEngine.join(workerDeps(STATS_C), LoopbackCluster.roles("denoiser, reward"), coordinator.address());
    LoopbackCluster.awaitUp(coordinator, 3);
  }

  @AfterAll
  static void stop() {
    LoopbackCluster.close(coordinator, workerB, workerC);
  }

  @Test
  void load_twentyConcurrentJobsFromFourClients_allFinishAndNoneStarves() throws Exception {
    JdbcJobStore store = JdbcJobStore.open(
        "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    JobRegistry registry = new JobRegistry(coordinator,
        new ServedTask("abc", List.of("r"), Vocabulary.ofCharacters("ABC")),
        Clock.systemUTC(), store);
    ApiServer server = new ApiServer("127.0.0.1", 0, registry);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> perClient = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int client = c;
        perClient.add(clients.submit(() -> {
          ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port())
              .usePlaintext().build();
          try {
            var api = SamplingServiceGrpc.newBlockingStub(channel);
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
              JobSpec.Builder spec = JobSpec.newBuilder().setMethod(j % 2 == 0 ? "svdd" : "smc")
                  .setParticles(6).setSteps(4).setSeed(100L * client + j);
              if (j % 2 == 0) {
                spec.setCandidates(3); // smc draws one child, so takes no M
              }
              ids.add(api.withDeadlineAfter(30, TimeUnit.SECONDS)
                  .submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJobId());
            }
            List<Long> samples = new ArrayList<>();
            for (String id : ids) {
              JobRef ref = JobRef.newBuilder().setJobId(id).build();
              JobStatus last = null;
              var updates = api.withDeadlineAfter(90, TimeUnit.SECONDS).watchJob(ref);
              while (updates.hasNext()) {
                last = updates.next();
              }
              assertEquals(JobState.DONE, last.getState(), last.toString());
              samples.add(last.getSamples());
            }
            return samples;
          } finally {
            channel.shutdownNow();
          }
        }));
      }
      long jobs = 0;
      for (var f : perClient) {
        for (long n : f.get(120, TimeUnit.SECONDS)) {
          assertEquals(6, n, "every sample of every job is kept");
          jobs++;
        }
      }
      assertEquals(20, jobs);
      assertEquals(20, registry.list().stream().filter(j -> j.getState() == JobState.DONE).count());
    } finally {
      clients.shutdownNow();
      server.close();
      store.close();
    }
  }

  @Test
  void job_onThreeNodes_isServedByBothWorkerNodesAndMatchesTheReference() throws Exception {
    for (Method method : List.of(Method.SVDD, Method.SMC)) {
      SamplingPlan plan = SamplingPlan.of(method, 12, 3, method == Method.SVDD ? 0.2 : 0.7, 5, 11);
      List<Sample> reference = new SequentialSampler(PROCESS, new ContextDenoiserFake(P),
          new TableOracleFake(EngineDeterminismTest::reward), 7).run(plan).samples();
      STATS_B.reset();
      STATS_C.reset();
      List<Sample> clustered = coordinator.run(plan, p -> {}).get(60, TimeUnit.SECONDS);
      assertEquals(reference, clustered, method.label());
      assertTrue(STATS_B.rows() > 0 && STATS_C.rows() > 0,
          "denoise rows served: node B " + STATS_B.rows() + ", node C " + STATS_C.rows());
      assertTrue(STATS_B.designsRequested() > 0 && STATS_C.designsRequested() > 0,
          "designs scored: node B " + STATS_B.designsRequested() + ", node C " + STATS_C.designsRequested());
    }
  }

  /**
   * 4,096 samples with long details are about 600 KB, more than one Artery frame (256 KiB): submitted on
   * a worker node, the job's ending crosses the network in parts and arrives whole.
   */
  @Test
  void job_withMoreSamplesThanOneFrameHolds_endsWithEverySampleAcrossNodes() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.PRETRAINED, 4096, 1, 0, 1, 3)
        .withRewards(org.svdd.core.method.RewardSchedule.of("verbose"));
    List<Sample> samples = workerB.run(plan, p -> {}).get(120, TimeUnit.SECONDS);
    assertEquals(4096, samples.size());
    for (int i = 0; i < samples.size(); i++) {
      assertEquals(i, samples.get(i).particle(), "in particle order");
      assertEquals(120, samples.get(i).reward().detail().length());
    }
  }
}
