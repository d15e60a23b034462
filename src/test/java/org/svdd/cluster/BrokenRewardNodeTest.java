package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracles;
import org.svdd.testing.AbcModel;
import org.svdd.testing.ContextDenoiserFake;

/**
 * Two reward nodes of which one cannot run its oracle (a program missing on it): jobs still finish, their requests
 * failed there taken by the other node, which is then asked first; with both failing, a job fails with the reason
 * instead of waiting. With the failing node the only one known, a job waits a while for another to join.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokenRewardNodeTest {
  private static final double[][] P = AbcModel.rows(4);
  private static final MaskedDiffusion PROCESS = AbcModel.process(4);
  private static final EngineSettings SETTINGS = AbcModel.SETTINGS;
  private static final AtomicInteger REFUSED = new AtomicInteger();
  private static volatile boolean secondBroken;
  private static SamplingEngine coordinator;
  private static SamplingEngine broken;
  private static SamplingEngine second;

  private static RewardOracles cannotRun() {
    return reward -> {
      REFUSED.incrementAndGet();
      throw new IllegalArgumentException("'/usr/bin/RNAfold' is not an executable file");
    };
  }

  /** Counts B's; every call fails with {@link #cannotRun}'s reason while {@link #secondBroken} (its program since removed). */
  private static RewardOracles countOfB() {
    return RewardOracles.only(designs -> secondBroken
        ? CompletableFuture.failedFuture(new IllegalArgumentException("'/usr/bin/RNAfold' is not an executable file"))
        : CompletableFuture.completedFuture(designs.stream().map(d -> new Reward(bs((TokenState) d), "")).toList()));
  }

  /** A node's parts: the fake model, and {@code oracles} (null: no reward role). */
  private static NodeDeps deps(RewardOracles oracles) {
    return new NodeDeps(PROCESS, () -> new ContextDenoiserFake(P), oracles, SETTINGS, new WorkerStats());
  }

  private static long bs(TokenState design) {
    return java.util.Arrays.stream(design.tokens()).filter(t -> t == 1).count();
  }

  @BeforeAll
  static void formCluster() throws Exception {
    coordinator = SamplingEngine.start(deps(null), LoopbackCluster.roles("api, coordinator, denoiser"));
    broken = SamplingEngine.join(deps(cannotRun()), LoopbackCluster.roles("reward"), coordinator.address());
    second = SamplingEngine.join(deps(countOfB()), LoopbackCluster.roles("reward"), coordinator.address());
    LoopbackCluster.awaitUp(coordinator, 3);
    // a job started before the coordinator has heard of the working node fails on the broken one, rightly: none other
    LoopbackCluster.awaitRewardWorkers(coordinator, 2);
  }

  @AfterAll
  static void stop() {
    LoopbackCluster.close(coordinator, broken, second);
  }

  @Test
  @Order(1) // before the test that breaks both nodes, which leaves both set aside for a minute
  void aNodeThatCannotRunTheOracle_failsNoJob_theOtherScoresItsRequests() throws Exception {
    secondBroken = false;
    int refusedBefore = REFUSED.get();
    List<Sample> samples = coordinator.run(SamplingPlan.of(Method.SVDD, 8, 3, 0, 4, 5), p -> {})
        .get(60, TimeUnit.SECONDS);
    assertEquals(8, samples.size());
    for (Sample s : samples) {
      assertEquals(bs((TokenState) s.design()), s.reward().value(), 0, "scored by the working node");
    }
    int refused = REFUSED.get() - refusedBefore;
    assertTrue(refused > 0, "the broken node was asked, so its failures were taken elsewhere");
    assertTrue(refused <= 8, "once it has failed, it is passed over: at most each particle's first request reaches it, "
        + "but it was asked " + refused + " times");
  }

  @Test
  @Order(2)
  void everyNodeFailing_failsTheJobWithTheReason() {
    secondBroken = true;
    try {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> coordinator.run(SamplingPlan.of(Method.SVDD, 4, 3, 0, 4, 5), p -> {}).get(60, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("'/usr/bin/RNAfold' is not an executable file"),
          e.getCause().getMessage());
    } finally {
      secondBroken = false;
    }
  }

  @Test
  @Order(3)
  void theOnlyKnownNodeFailing_theJobWaitsForAnother_failsWithTheReasonIfNoneJoins_andOneJoiningScoresIt()
      throws Exception {
    SamplingEngine api = null;
    SamplingEngine onlyBroken = null;
    SamplingEngine joining = null;
    try {
      api = SamplingEngine.start(deps(null), LoopbackCluster.roles("api, coordinator, denoiser"));
      onlyBroken = SamplingEngine.join(deps(cannotRun()), LoopbackCluster.roles("reward"), api.address());
      LoopbackCluster.awaitUp(api, 2);
      LoopbackCluster.awaitRewardWorkers(api, 1);

      long started = System.nanoTime();
      CompletableFuture<List<Sample>> alone = api.run(SamplingPlan.of(Method.SVDD, 4, 3, 0, 4, 5), p -> {});
      ExecutionException e = assertThrows(ExecutionException.class, () -> alone.get(60, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("'/usr/bin/RNAfold' is not an executable file"),
          e.getCause().getMessage());
      assertTrue(System.nanoTime() - started >= SETTINGS.anotherWorkerWait().minusSeconds(1).toNanos(),
          "the job waited for another reward node before failing");

      int refusedBefore = REFUSED.get();
      CompletableFuture<List<Sample>> job = api.run(SamplingPlan.of(Method.SVDD, 8, 3, 0, 4, 5), p -> {});
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (REFUSED.get() == refusedBefore && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(REFUSED.get() > refusedBefore, "the only reward node known failed the job's first requests");
      joining = SamplingEngine.join(deps(countOfB()), LoopbackCluster.roles("reward"), api.address());
      List<Sample> samples = job.get(60, TimeUnit.SECONDS);
      assertEquals(8, samples.size());
      for (Sample s : samples) {
        assertEquals(bs((TokenState) s.design()), s.reward().value(), 0, "scored by the node that joined");
      }
    } finally {
      LoopbackCluster.close(api, onlyBroken, joining);
    }
  }
}
