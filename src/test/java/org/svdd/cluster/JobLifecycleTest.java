package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.HeldOracleFake;
import org.svdd.testing.TableOracleFake;

class JobLifecycleTest {
  private static final double[][] P = {{0.4, 0.3, 0.2, 0.1}, {0.1, 0.2, 0.3, 0.4}, {0.3, 0.3, 0.3, 0.1}};

  private static JobCoordinator.Event terminal(SamplingEngine engine, String id, SamplingPlan plan) throws Exception {
    CompletableFuture<JobCoordinator.Event> end = new CompletableFuture<>();
    engine.submit(id, plan, e -> {
      if (!(e instanceof JobCoordinator.Progress)) {
        end.complete(e);
      }
    });
    return end.get(30, TimeUnit.SECONDS);
  }

  @Test
  void runForAJustFinishedJob_isAnsweredWithItsSamplesWithoutRunningItAgain() throws Exception {
    WorkerStats stats = new WorkerStats();
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30));
    try (SamplingEngine engine = SamplingEngine.start(new SamplingNode.Deps(
        new MaskedDiffusion(Vocabulary.ofCharacters("ABC"), 3), () -> new FactorizedDenoiserFake(P),
        new TableOracleFake(x -> x[0] - x[2]), settings, stats), ConfigFactory.load())) {
      SamplingPlan plan = SamplingPlan.of(Method.SVDD, 5, 3, 0, 3, 8);
      JobCoordinator.Finished first = assertInstanceOf(JobCoordinator.Finished.class, terminal(engine, "job-a", plan));
      long rows = stats.rows();
      JobCoordinator.Finished again = assertInstanceOf(JobCoordinator.Finished.class, terminal(engine, "job-a", plan));
      assertEquals(first.samples(), again.samples());
      assertEquals(rows, stats.rows(), "the ended coordinator answered; nothing was denoised again");
    }
  }

  @Test
  void cancel_stopsTheJobAndTheSubmitterHearsCancelled() throws Exception {
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30));
    try (SamplingEngine engine = SamplingEngine.start(new SamplingNode.Deps(
        new MaskedDiffusion(Vocabulary.ofCharacters("ABC"), 3), () -> new FactorizedDenoiserFake(P),
        new org.svdd.oracle.SimulatedLatencyOracle(Duration.ofMillis(20), 2, 1), settings, new WorkerStats()),
        ConfigFactory.load())) {
      CompletableFuture<JobCoordinator.Event> end = new CompletableFuture<>();
      engine.submit("job-b", SamplingPlan.of(Method.SVDD, 16, 3, 0, 300, 1), e -> {
        if (e instanceof JobCoordinator.Progress) {
          engine.cancel("job-b");
        } else {
          end.complete(e);
        }
      });
      assertInstanceOf(JobCoordinator.Cancelled.class, end.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void cancel_withOracleCallsRunning_withdrawsThemAtTheOracle() throws Exception {
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 64, 10_000, Duration.ofSeconds(30));
    HeldOracleFake held = new HeldOracleFake();
    try (SamplingEngine engine = SamplingEngine.start(new SamplingNode.Deps(
        new MaskedDiffusion(Vocabulary.ofCharacters("ABC"), 3), () -> new FactorizedDenoiserFake(P),
        new org.svdd.oracle.CachingOracle(held, 100), settings, new WorkerStats()), ConfigFactory.load())) {
      CompletableFuture<JobCoordinator.Event> end = new CompletableFuture<>();
      engine.submit("job-c", SamplingPlan.of(Method.SVDD, 4, 3, 0, 3, 1), e -> {
        if (!(e instanceof JobCoordinator.Progress)) {
          end.complete(e);
        }
      });
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int seen = 0;
      while ((seen == 0 || seen != held.calls().size()) && System.nanoTime() < deadline) {
        seen = held.calls().size();
        Thread.sleep(300);
      }
      assertTrue(seen > 0, "the particles wait on the oracle for their first step");
      engine.cancel("job-c");
      assertInstanceOf(JobCoordinator.Cancelled.class, end.get(30, TimeUnit.SECONDS));
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!held.calls().stream().allMatch(c -> c.answer().isCancelled()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(held.calls().stream().allMatch(c -> c.answer().isCancelled()), "every running call is withdrawn");
    }
  }
}
