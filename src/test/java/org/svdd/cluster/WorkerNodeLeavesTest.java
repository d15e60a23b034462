package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.oracle.SimulatedLatencyOracle;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;

/**
 * The only worker node leaves mid-job and another joins: the requests the leaving node held (sixteen particles'
 * worth, so that some are under way as it goes) are sent again on hearing it stopped, and wait for a live worker rather than go to the stopped one again (the listings lag the
 * cluster), so the job goes on within seconds of the new node, not after the request timeout (10 minutes here).
 */
class WorkerNodeLeavesTest {
  private static final double[][] P = {{0.4, 0.3, 0.2, 0.1}, {0.1, 0.2, 0.3, 0.4}, {0.25, 0.25, 0.25, 0.25},
      {0.3, 0.3, 0.3, 0.1}};
  private static final MaskedDiffusion PROCESS = AbcModel.process(4);
  private static final EngineSettings SETTINGS =
      new EngineSettings(1, 16, Duration.ofMillis(1), 4, 4, 10_000, Duration.ofMinutes(10));

  private static SamplingEngine worker(SamplingEngine seed) {
    return SamplingEngine.join(new NodeDeps(PROCESS, () -> new FactorizedDenoiserFake(P),
        new SimulatedLatencyOracle(Duration.ofMillis(5), 4, 1), SETTINGS, new WorkerStats()),
        LoopbackCluster.roles("denoiser, reward"), seed.address());
  }

  @Test
  void theOnlyWorkerNodeLeavingMidJob_theJobGoesOnWithTheNextOne_withoutWaitingOutTheRequestTimeout()
      throws Exception {
    SamplingEngine coordinator = SamplingEngine.start(new NodeDeps(PROCESS, () -> {
      throw new IllegalStateException("the coordinator node loads no model");
    }, (org.svdd.core.reward.RewardOracles) null, SETTINGS, new WorkerStats()), LoopbackCluster.roles("coordinator"));
    SamplingEngine first = worker(coordinator);
    SamplingEngine second = null;
    try {
      LoopbackCluster.awaitUp(coordinator, 2);
      AtomicLong steps = new AtomicLong();
      CompletableFuture<List<Sample>> job = coordinator.run(SamplingPlan.of(Method.SVDD, 16, 2, 0, 200, 3),
          p -> steps.set(p.stepsDone()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (steps.get() < 160 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(steps.get() >= 160 && !job.isDone(), "the job runs on the first worker node: " + steps.get());
      first.close();
      second = worker(coordinator);
      List<Sample> samples = job.get(120, TimeUnit.SECONDS);
      assertEquals(16, samples.size());
    } finally {
      LoopbackCluster.close(coordinator, second);
    }
  }
}
