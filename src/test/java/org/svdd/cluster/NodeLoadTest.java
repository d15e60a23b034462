package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.HeldOracleFake;

/** What each node says it is doing ({@link SamplingEngine#loads}), as {@code svdd nodes} shows it. */
class NodeLoadTest {
  private static final double[][] P = {{0.4, 0.3, 0.2, 0.1}, {0.1, 0.2, 0.3, 0.4}, {0.25, 0.25, 0.25, 0.25},
      {0.3, 0.3, 0.3, 0.1}};
  private static final MaskedDiffusion PROCESS = AbcModel.process(4);
  /** Four designs at the oracle at most, so that more wait. */
  private static final EngineSettings SETTINGS =
      new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofMinutes(10));
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void oneNode_countsItsJob_andTheDesignsAtAndWaitingForItsOracle_untilTheJobEnds() throws Exception {
    HeldOracleFake oracle = new HeldOracleFake();
    WorkerStats stats = new WorkerStats();
    try (SamplingEngine node = SamplingEngine.start(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P), oracle,
        SETTINGS, stats), ConfigFactory.load())) {
      LoopbackCluster.awaitUp(node, 1);
      String self = address(node);
      NodeReporter.Load idle = awaitLoad(node, self, l -> true); // once the Receptionist lists its reporter
      assertEquals(List.of(0, 0, 0, 0), List.of(idle.jobs(), idle.queuedRows(), idle.runningDesigns(),
          idle.waitingDesigns()), "a node with nothing to do: " + idle);
      assertEquals(Runtime.getRuntime().availableProcessors(), idle.cores());

      CompletableFuture<List<Sample>> job = node.run(SamplingPlan.of(Method.SVDD, 4, 2, 0, 2, 5), p -> {});
      // four particles ask for two children's values each: four designs run, the rest wait for room
      NodeReporter.Load busy = awaitLoad(node, self, l -> l.waitingDesigns() > 0 && l.runningDesigns() == 4);
      assertEquals(1, busy.jobs(), "the job coordinated here: " + busy);
      assertEquals(oracle.calls().stream().filter(c -> !c.answer().isDone()).mapToInt(c -> c.designs().size()).sum(),
          busy.runningDesigns(), "designs at the oracle are those it has not answered: " + busy);
      assertTrue(busy.rows() > 0, "the children were denoised first: " + busy);
      assertEquals(List.of((int) oracle.calls().stream().filter(c -> !c.answer().isDone()).count(),
          HeldOracleFake.SLOTS), List.of(busy.busySlots(), busy.slots()), "the oracle's programs, as it counts them");

      while (!job.isDone()) {
        oracle.calls().stream().filter(c -> !c.answer().isDone()).forEach(c -> c.answerAll(1.0));
        Thread.sleep(5);
      }
      assertEquals(4, job.get(10, TimeUnit.SECONDS).size());
      NodeReporter.Load after = awaitLoad(node, self, l -> l.jobs() == 0);
      assertEquals(List.of(0, 0, 0, 0), List.of(after.runningDesigns(), after.waitingDesigns(), after.queuedRows(),
          after.busySlots()),
          "nothing left in flight once the job ended: " + after);
      assertEquals(oracle.calls().stream().mapToInt(c -> c.designs().size()).sum(), after.designs(),
          "every design sent to the oracle is counted once");
      assertEquals(stats.rows(), after.rows());
    }
  }

  /** A reward node names the oracle of each reward it has opened, as its oracles tell them, and itself as their node. */
  @Test
  void aRewardNode_namesTheOraclesItHasOpened() throws Exception {
    HeldOracleFake oracle = new HeldOracleFake();
    java.util.concurrent.atomic.AtomicReference<Map<String, String>> opened = new java.util.concurrent.atomic
        .AtomicReference<>(Map.of());
    org.svdd.core.reward.RewardOracles oracles = new org.svdd.core.reward.RewardOracles() {
      @Override
      public org.svdd.core.reward.RewardOracle forReward(String reward) {
        return oracle;
      }

      @Override
      public Map<String, String> identities() {
        return opened.get();
      }
    };
    try (SamplingEngine node = SamplingEngine.start(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P), oracles,
        SETTINGS, new WorkerStats()), ConfigFactory.load())) {
      LoopbackCluster.awaitUp(node, 1);
      String self = address(node);
      assertEquals(List.of(), awaitLoad(node, self, l -> true).oracles(), "none opened yet");
      opened.set(Map.of("qed", "qed|RDKit 2022.09.5", "vina-abl", "vina|abl|AutoDock Vina v1.2.5"));
      NodeReporter.Load named = awaitLoad(node, self, l -> !l.oracles().isEmpty());
      assertEquals(Map.of("qed", "qed|RDKit 2022.09.5", "vina-abl", "vina|abl|AutoDock Vina v1.2.5"),
          OracleUse.byReward(named.oracles()));
      assertTrue(named.oracles().stream().allMatch(use -> use.node().endsWith("@" + self)),
          "this node, named as a job names the node that scored it: " + named.oracles());
    }
  }

  /**
   * Rows a denoise worker has taken in and not yet run: each pass (four rows at most here) waits for the test, so the
   * rows that came while one ran are queued behind the next.
   */
  @Test
  void rowsTakenInBehindARunningForwardPass_areCountedAsQueued() throws Exception {
    java.util.concurrent.Semaphore passes = new java.util.concurrent.Semaphore(0);
    FactorizedDenoiserFake answers = new FactorizedDenoiserFake(P);
    org.svdd.core.diffusion.Denoiser gated = inputs -> {
      passes.acquireUninterruptibly();
      return answers.predict(inputs);
    };
    EngineSettings fourRows = new EngineSettings(1, 4, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofMinutes(10));
    try (SamplingEngine node = SamplingEngine.start(new NodeDeps(PROCESS, () -> gated,
        new SimulatedLatencyOracle(Duration.ofMillis(1), 4, 1), fourRows, new WorkerStats()), ConfigFactory.load())) {
      LoopbackCluster.awaitUp(node, 1);
      String self = address(node);
      CompletableFuture<List<Sample>> job = node.run(SamplingPlan.of(Method.SVDD, 16, 4, 0, 2, 5), p -> {});
      // one pass at a time: the sixteen particles' first rows arrive while the first pass is held, and wait in the
      // worker's mailbox; when it ends they are taken in (queued), four of them run, and the rest stay queued
      NodeReporter.Load held = node.loads(WAIT).get(10, TimeUnit.SECONDS).get(self);
      for (int pass = 0; pass < 20 && !job.isDone() && (held == null || held.queuedRows() == 0); pass++) {
        Thread.sleep(200);
        held = node.loads(WAIT).get(10, TimeUnit.SECONDS).get(self);
        if (held == null || held.queuedRows() == 0) {
          passes.release();
        }
      }
      assertTrue(held != null && held.queuedRows() > 0, "rows queued behind a held pass: " + held);
      passes.release(1_000_000);
      assertEquals(16, job.get(30, TimeUnit.SECONDS).size());
      assertEquals(0, awaitLoad(node, self, l -> l.jobs() == 0).queuedRows());
    }
  }

  /** A coordinator node and a worker node: each is listed under the address the cluster knows it by, with its own work. */
  @Test
  void twoNodes_eachReportsUnderItsClusterAddress_theWorkWhereItRan() throws Exception {
    SamplingEngine coordinator = SamplingEngine.start(new NodeDeps(PROCESS, () -> {
      throw new IllegalStateException("the coordinator node loads no model");
    }, (org.svdd.core.reward.RewardOracles) null, SETTINGS, new WorkerStats()), LoopbackCluster.roles("coordinator"));
    SamplingEngine worker = null;
    try {
      worker = SamplingEngine.join(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
          new SimulatedLatencyOracle(Duration.ofMillis(1), 4, 1), SETTINGS, new WorkerStats()),
          LoopbackCluster.roles("denoiser, reward"), coordinator.address());
      LoopbackCluster.awaitUp(coordinator, 2);
      assertEquals(8, coordinator.run(SamplingPlan.of(Method.SVDD, 8, 2, 0, 4, 5), p -> {}).get(60, TimeUnit.SECONDS)
          .size());
      String workerAt = address(worker);
      Map<String, NodeReporter.Load> loads = awaitLoads(coordinator, l -> l.size() == 2);
      assertEquals(coordinator.members().stream().map(NodeView::address).sorted().toList(), List.copyOf(loads.keySet()),
          "each load under its member's address");
      NodeReporter.Load there = loads.get(workerAt);
      NodeReporter.Load here = loads.get(address(coordinator));
      assertTrue(there.rows() > 0 && there.designs() > 0, "the worker node denoised and scored: " + there);
      assertEquals(List.of(0L, 0L), List.of(here.rows(), here.designs()), "the coordinator node ran neither: " + here);
    } finally {
      LoopbackCluster.close(coordinator, worker);
    }
  }

  private static String address(SamplingEngine node) {
    return node.members().stream().filter(NodeView::self).findFirst().orElseThrow().address();
  }

  private static NodeReporter.Load awaitLoad(SamplingEngine node, String address, Predicate<NodeReporter.Load> test)
      throws Exception {
    return awaitLoads(node, loads -> loads.containsKey(address) && test.test(loads.get(address))).get(address);
  }

  /** Asks until {@code test} holds, for up to 20 s; the last answer either way. */
  private static Map<String, NodeReporter.Load> awaitLoads(SamplingEngine node,
      Predicate<Map<String, NodeReporter.Load>> test) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Map<String, NodeReporter.Load> loads = node.loads(WAIT).get(10, TimeUnit.SECONDS);
    while (!test.test(loads) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      loads = node.loads(WAIT).get(10, TimeUnit.SECONDS);
    }
    assertTrue(test.test(loads), "the load never got there: " + loads);
    return loads;
  }
}
