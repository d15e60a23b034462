package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.method.Method;
import org.svdd.core.method.RewardSchedule;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;
import org.svdd.testing.AbcModel;
import org.svdd.testing.ContextDenoiserFake;

/**
 * A cluster whose two reward nodes were each started for one reward ({@code svdd serve --reward}):
 * every job's requests reach the node that scores its reward, including a job whose early steps are
 * valued by the other reward, and no node is asked for a reward it does not score.
 */
class RewardRoutingTest {
  private static final double[][] P = AbcModel.rows(4);
  private static final MaskedDiffusion PROCESS = AbcModel.process(4);
  private static final EngineSettings SETTINGS = AbcModel.SETTINGS;
  private static final ConcurrentHashMap<String, AtomicInteger> REFUSED = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, AtomicInteger> SCORED = new ConcurrentHashMap<>();
  private static SamplingEngine coordinator;
  private static SamplingEngine nodeA;
  private static SamplingEngine nodeB;

  /** Oracles of a node started for {@code served} alone: any other reward is refused, and counted. */
  private static RewardOracles onlyFor(String served, RewardOracle oracle) {
    return new RewardOracles() {
      @Override
      public RewardOracle forReward(String reward) {
        if (!reward.equals(served)) {
          REFUSED.computeIfAbsent(served, k -> new AtomicInteger()).incrementAndGet();
          throw new IllegalArgumentException("reward '" + reward + "' is not scored here; it scores [" + served + "]");
        }
        return designs -> {
          SCORED.computeIfAbsent(served, k -> new AtomicInteger()).addAndGet(designs.size());
          return oracle.score(designs);
        };
      }

      @Override
      public Optional<String> only() {
        return Optional.of(served);
      }
    };
  }

  private static RewardOracle countOf(int symbol) {
    return designs -> CompletableFuture.completedFuture(designs.stream().map(d -> {
      int[] tokens = ((org.svdd.core.diffusion.TokenState) d).tokens();
      long n = java.util.Arrays.stream(tokens).filter(t -> t == symbol).count();
      return new Reward(n, "");
    }).toList());
  }

  @BeforeAll
  static void formCluster() throws InterruptedException {
    coordinator = SamplingEngine.start(new NodeDeps(PROCESS, () -> new ContextDenoiserFake(P),
        (RewardOracles) null, SETTINGS, new WorkerStats()), LoopbackCluster.roles("api, coordinator, denoiser"));
    nodeA = SamplingEngine.join(new NodeDeps(PROCESS, () -> new ContextDenoiserFake(P),
        onlyFor("count-a", countOf(0)), SETTINGS, new WorkerStats()), LoopbackCluster.roles("reward"), coordinator.address());
    nodeB = SamplingEngine.join(new NodeDeps(PROCESS, () -> new ContextDenoiserFake(P),
        onlyFor("count-b", countOf(1)), SETTINGS, new WorkerStats()), LoopbackCluster.roles("reward"), coordinator.address());
    LoopbackCluster.awaitUp(coordinator, 3);
  }

  @AfterAll
  static void stop() {
    LoopbackCluster.close(coordinator, nodeA, nodeB);
  }

  @Test
  void jobsOfEachReward_reachTheNodeThatScoresIt_andNoNodeIsAskedForAnother() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 6, 3, 0, 4, 5);
    List<Sample> a = coordinator.run(plan.withRewards(RewardSchedule.of("count-a")), p -> {}).get(60, TimeUnit.SECONDS);
    List<Sample> b = coordinator.run(plan.withRewards(RewardSchedule.of("count-b")), p -> {}).get(60, TimeUnit.SECONDS);
    int earlyBefore = SCORED.get("count-a").get();
    int lateBefore = SCORED.get("count-b").get();
    java.util.concurrent.atomic.AtomicReference<JobCoordinator.Progress> last = new java.util.concurrent.atomic.AtomicReference<>();
    List<Sample> both = coordinator.run(plan.withRewards(new RewardSchedule("count-b", "count-a", 0.5)), last::set)
        .get(60, TimeUnit.SECONDS);
    org.svdd.core.method.Spend spent = last.get().spent();
    assertEquals(SCORED.get("count-b").get() - lateBefore, spent.oracleCalls(), "the job reward's calls: " + spent);
    assertEquals(SCORED.get("count-a").get() - earlyBefore, spent.earlyOracleCalls(), "the early reward's, apart: " + spent);
    assertTrue(spent.earlyOracleCalls() > 0 && spent.oracleCalls() > 0, spent.toString());
    assertEquals(6, a.size());
    assertEquals(6, b.size());
    assertEquals(6, both.size());
    for (Sample s : a) {
      assertEquals(java.util.Arrays.stream(((org.svdd.core.diffusion.TokenState) s.design()).tokens()).filter(t -> t == 0)
          .count(), s.reward().value(), 0, "scored by the count-a node");
    }
    for (Sample s : both) {
      assertEquals(java.util.Arrays.stream(((org.svdd.core.diffusion.TokenState) s.design()).tokens()).filter(t -> t == 1)
          .count(), s.reward().value(), 0, "the final reward is count-b's");
    }
    assertTrue(SCORED.get("count-a").get() > 0 && SCORED.get("count-b").get() > 0, SCORED.toString());
    assertEquals(0, REFUSED.values().stream().mapToInt(AtomicInteger::get).sum(),
        "a node was asked for a reward it does not score: " + REFUSED);
  }
}
