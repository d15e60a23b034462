package org.svdd.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.SlowDenoiserFake;

/**
 * Cluster benchmarks on loopback, all nodes in this JVM talking over Artery with Kryo. The model is a
 * fake (no compute), so jobs are bound by the simulated oracle: 20 ms per call, 8 concurrent calls per
 * reward node. Run with {@code bin/bench -Dtest=ClusterBenchmarks}; appends to target/benchmarks.md.
 */
@Tag("benchmark")
class ClusterBenchmarks {
  private static final double[][] P = new double[24][];
  private static final MaskedDiffusion PROCESS = AbcModel.process(24);
  private static final EngineSettings SETTINGS =
      new EngineSettings(1, 64, Duration.ofMillis(2), 16, 8, 1_000_000, Duration.ofMinutes(2));

  static {
    for (int i = 0; i < P.length; i++) {
      P[i] = new double[] {0.3, 0.3, 0.3, 0.1};
    }
  }

  private static Config roles(String roles) {
    return ConfigFactory.parseString("svdd.roles = [" + roles + "]").withFallback(ConfigFactory.load());
  }

  private static NodeDeps deps(WorkerStats stats) {
    return new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
        new SimulatedLatencyOracle(Duration.ofMillis(20), 8, 1), SETTINGS, stats);
  }

  /** A coordinator+denoiser node and {@code rewardNodes} reward nodes; seconds for each plan run together. */
  private static double clusterSeconds(int rewardNodes, List<SamplingPlan> plans, WorkerStats coordinatorStats)
      throws Exception {
    return clusterSeconds(deps(coordinatorStats), "api, coordinator, denoiser", rewardNodes,
        () -> deps(new WorkerStats()), "reward", plans);
  }

  /**
   * A node of {@code firstRoles} and {@code others} nodes of {@code otherRoles} joining it; seconds for each plan run
   * together on the first, after a small warm-up job.
   */
  private static double clusterSeconds(NodeDeps first, String firstRoles, int others,
      java.util.function.Supplier<NodeDeps> other, String otherRoles, List<SamplingPlan> plans) throws Exception {
    List<SamplingEngine> nodes = new ArrayList<>();
    WorkerStats coordinatorStats = first.stats();
    SamplingEngine coordinator = SamplingEngine.start(first, roles(firstRoles));
    nodes.add(coordinator);
    try {
      List<WorkerStats> otherStats = new ArrayList<>();
      for (int i = 0; i < others; i++) {
        NodeDeps deps = other.get();
        otherStats.add(deps.stats());
        nodes.add(SamplingEngine.join(deps, roles(otherRoles), coordinator.address()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (coordinator.membersUp() < others + 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      coordinator.run(SamplingPlan.of(Method.SVDD, 2, 2, 0, 2, 0), p -> {}).get(60, TimeUnit.SECONDS);
      coordinatorStats.reset();
      otherStats.forEach(WorkerStats::reset);
      long start = System.nanoTime();
      List<CompletableFuture<?>> runs = new ArrayList<>();
      for (SamplingPlan plan : plans) {
        runs.add(coordinator.run(plan, p -> {}));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      return (System.nanoTime() - start) / 1e9;
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
  }

  private static void report(String line) throws IOException {
    System.out.println(line);
    Path file = Path.of(System.getProperty("svdd.home", ".")).resolve("target/benchmarks.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void scaling_rewardBoundJobOnOneTwoFourRewardNodes() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 64, 4, 0, 12, 1);
    double one = clusterSeconds(1, List.of(plan), new WorkerStats());
    double two = clusterSeconds(2, List.of(plan), new WorkerStats());
    double four = clusterSeconds(4, List.of(plan), new WorkerStats());
    report(String.format(Locale.ROOT,
        "| scaling: SVDD N=64 M=4 T=12, oracle 20 ms, 8 concurrent per reward node | 1 node %.2f s | 2 nodes %.2f s (%.2f x) | 4 nodes %.2f s (%.2f x) |",
        one, two, one / two, four, one / four));
  }

  /**
   * The other half of "adding nodes raises throughput near-linearly until the other side saturates": a denoise-bound
   * job on 1, 2 and 4 denoiser nodes, the coordinator and the oracle (1 ms, 64 at once) on a node of their own. Each
   * pass takes {@code svdd.bench.pass-ms} (100) whatever its rows, as on a GPU, without using a core, so four denoiser
   * nodes fit this machine; 0 measures the other side alone: every node in this one JVM on two cores, the particles'
   * messages over Artery with Kryo.
   */
  @Test
  void scaling_denoiseBoundJobOnOneTwoFourDenoiserNodes() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, Integer.getInteger("svdd.bench.particles", 256), 4, 0, 12, 1);
    Duration pass = Duration.ofMillis(Long.getLong("svdd.bench.pass-ms", 100));
    int[] counts = {1, 2, 4};
    double[] seconds = new double[counts.length];
    double[] rowsPerPass = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      List<WorkerStats> denoisers = new ArrayList<>(); // filled as each node is made, on this thread
      seconds[i] = clusterSeconds(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
          new SimulatedLatencyOracle(Duration.ofMillis(1), 64, 1), SETTINGS, new WorkerStats()),
          "api, coordinator, reward", counts[i], () -> {
            WorkerStats stats = new WorkerStats();
            denoisers.add(stats);
            return new NodeDeps(PROCESS, () -> new SlowDenoiserFake(P, pass),
                new SimulatedLatencyOracle(Duration.ofMillis(1), 64, 1), SETTINGS, stats);
          }, "denoiser", List.of(plan));
      rowsPerPass[i] = denoisers.stream().mapToDouble(WorkerStats::meanBatchRows).average().orElse(Double.NaN);
    }
    report(String.format(Locale.ROOT, "| scaling: SVDD N=%d M=4 T=12, denoiser pass %d ms (any rows up to 64), oracle "
        + "1 ms | 1 denoiser node %.2f s, %.1f rows/pass | 2 nodes %.2f s (%.2f x), %.1f rows/pass | 4 nodes %.2f s "
        + "(%.2f x), %.1f rows/pass |", plan.particles(), pass.toMillis(), seconds[0], rowsPerPass[0], seconds[1],
        seconds[0] / seconds[1], rowsPerPass[1], seconds[2], seconds[0] / seconds[2], rowsPerPass[2]));
  }

  @Test
  void sharing_twoJobsOnOneDenoiserPoolVersusOneAlone() throws Exception {
    SamplingPlan a = SamplingPlan.of(Method.SVDD, 32, 4, 0, 12, 1);
    SamplingPlan b = SamplingPlan.of(Method.SVDD, 32, 4, 0, 12, 2);
    WorkerStats alone = new WorkerStats();
    double oneJob = clusterSeconds(2, List.of(a), alone);
    WorkerStats shared = new WorkerStats();
    double twoJobs = clusterSeconds(2, List.of(a, b), shared);
    report(String.format(Locale.ROOT,
        "| two jobs sharing the denoiser pool (2 reward nodes) | one job %.2f s, %.1f rows/pass | two jobs %.2f s, %.1f rows/pass | throughput %.2f x one job |",
        oneJob, alone.meanBatchRows(), twoJobs, shared.meanBatchRows(), 2 * oneJob / twoJobs));
  }

  @Test
  void overhead_clusterPathVersusOneNode() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 64, 4, 0, 12, 1);
    double cluster = clusterSeconds(1, List.of(plan), new WorkerStats());
    double local;
    try (SamplingEngine node = SamplingEngine.start(deps(new WorkerStats()), ConfigFactory.load())) {
      node.run(SamplingPlan.of(Method.SVDD, 2, 2, 0, 2, 0), p -> {}).get(60, TimeUnit.SECONDS);
      long start = System.nanoTime();
      node.run(plan, p -> {}).get(10, TimeUnit.MINUTES);
      local = (System.nanoTime() - start) / 1e9;
    }
    report(String.format(Locale.ROOT,
        "| cluster path (reward on another node, Kryo over Artery) vs one node, same job | one node %.2f s | cluster %.2f s | cluster/one-node time %.2f |",
        local, cluster, cluster / local));
  }
}
