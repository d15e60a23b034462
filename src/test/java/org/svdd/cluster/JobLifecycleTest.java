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
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.HeldOracleFake;
import org.svdd.testing.TableOracleFake;

class JobLifecycleTest {
  private static final double[][] P = {{0.4, 0.3, 0.2, 0.1}, {0.1, 0.2, 0.3, 0.4}, {0.3, 0.3, 0.3, 0.1}};

  private static JobCoordinator.Event terminal(SamplingEngine engine, String id, SamplingPlan plan) throws Exception {
    List<JobCoordinator.Event> events = heard(engine, id, plan);
    return events.get(events.size() - 1);
  }

  /** Every event a submitter hears of the job, its ending last. */
  private static List<JobCoordinator.Event> heard(SamplingEngine engine, String id, SamplingPlan plan) throws Exception {
    List<JobCoordinator.Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> end = new CompletableFuture<>();
    engine.submit(id, plan, e -> {
      events.add(e);
      if (!(e instanceof JobCoordinator.Progress)) {
        end.complete(null);
      }
    });
    end.get(30, TimeUnit.SECONDS);
    return List.copyOf(events);
  }

  @Test
  void runForAJustFinishedJob_isAnsweredWithItsSamplesWithoutRunningItAgain() throws Exception {
    WorkerStats stats = new WorkerStats();
    EngineSettings settings = AbcModel.SETTINGS;
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(
        AbcModel.process(3), () -> new FactorizedDenoiserFake(P),
        new TableOracleFake(x -> x[0] - x[2]), settings, stats), ConfigFactory.load())) {
      SamplingPlan plan = SamplingPlan.of(Method.SVDD, 5, 3, 0, 3, 8);
      List<JobCoordinator.Event> run = heard(engine, "job-a", plan);
      JobCoordinator.Finished first = assertInstanceOf(JobCoordinator.Finished.class, run.get(run.size() - 1));
      long rows = stats.rows();
      List<JobCoordinator.Event> answer = heard(engine, "job-a", plan);
      JobCoordinator.Finished again = assertInstanceOf(JobCoordinator.Finished.class, answer.get(answer.size() - 1));
      assertEquals(first.samples(), again.samples());
      assertEquals(rows, stats.rows(), "the ended coordinator answered; nothing was denoised again");
      assertEquals(List.of(run.get(run.size() - 2), again), answer,
          "its last progress comes first: what the job did (rows, oracle calls) reaches a submitter that heard none");
    }
  }

  @Test
  void cancel_stopsTheJobAndTheSubmitterHearsCancelled() throws Exception {
    EngineSettings settings = AbcModel.SETTINGS;
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(
        AbcModel.process(3), () -> new FactorizedDenoiserFake(P),
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
    HeldOracleFake held = new HeldOracleFake();
    try (SamplingEngine engine = engineWaitingOn(new org.svdd.oracle.CachingOracle(held, 100))) {
      CompletableFuture<JobCoordinator.Event> end = new CompletableFuture<>();
      engine.submit("job-c", SamplingPlan.of(Method.SVDD, 4, 3, 0, 3, 1), e -> {
        if (!(e instanceof JobCoordinator.Progress)) {
          end.complete(e);
        }
      });
      awaitEveryParticleWaiting(held);
      engine.cancel("job-c");
      assertInstanceOf(JobCoordinator.Cancelled.class, end.get(30, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!held.calls().stream().allMatch(c -> c.answer().isCancelled()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(held.calls().stream().allMatch(c -> c.answer().isCancelled()), "every running call is withdrawn");
    }
  }

  /**
   * A job cancelled while its first step waits on the oracle says, in its last progress, the rows its denoisers ran
   * for that step: every one, though no step finished (docking: a step can take minutes, and a cancelled or failed job
   * must not read as one that cost nothing).
   */
  @Test
  void cancel_midStep_theLastProgressCountsEveryRowDenoised() throws Exception {
    HeldOracleFake held = new HeldOracleFake();
    WorkerStats stats = new WorkerStats();
    try (SamplingEngine engine = engineWaitingOn(held, stats)) {
      List<JobCoordinator.Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      CompletableFuture<Void> end = new CompletableFuture<>();
      engine.submit("job-s", SamplingPlan.of(Method.SVDD, 4, 3, 0, 3, 1), e -> {
        events.add(e);
        if (!(e instanceof JobCoordinator.Progress)) {
          end.complete(null);
        }
      });
      awaitEveryParticleWaiting(held);
      engine.cancel("job-s");
      end.get(30, TimeUnit.SECONDS);
      assertInstanceOf(JobCoordinator.Cancelled.class, events.get(events.size() - 1));
      JobCoordinator.Progress last =
          assertInstanceOf(JobCoordinator.Progress.class, events.get(events.size() - 2), events::toString);
      assertEquals(0, last.stepsDone());
      assertTrue(stats.rows() > 0, "the first step's predictions were made");
      assertEquals(stats.rows(), last.spent().denoisedRows(), "every row denoised is counted: " + last.spent());
    }
  }

  /**
   * A job whose first step waits on a slow oracle (docking: minutes) is said to run, with its node and its steps,
   * as soon as its coordinator starts, not only once a step is done.
   */
  @Test
  void aStartedJob_reportsProgressBeforeItsFirstStepEnds() throws Exception {
    HeldOracleFake held = new HeldOracleFake();
    try (SamplingEngine engine = engineWaitingOn(held)) {
      CompletableFuture<JobCoordinator.Progress> first = new CompletableFuture<>();
      engine.submit("job-p", SamplingPlan.of(Method.SVDD, 4, 3, 0, 3, 1), e -> {
        if (e instanceof JobCoordinator.Progress p) {
          first.complete(p);
        }
      });
      JobCoordinator.Progress progress = first.get(20, TimeUnit.SECONDS);
      assertEquals(0, progress.stepsDone());
      assertEquals(12, progress.stepsTotal(), "4 particles x 3 steps");
      assertTrue(progress.node().startsWith("pekko://"), progress.node());
      assertTrue(held.calls().stream().noneMatch(c -> c.answer().isDone()), "no oracle call has been answered");
      engine.cancel("job-p");
    }
  }

  /** Waits until the particles' calls reach {@code held} and no more come: each waits on it for its first step. */
  private static void awaitEveryParticleWaiting(HeldOracleFake held) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int seen = 0;
    while ((seen == 0 || seen != held.calls().size()) && System.nanoTime() < deadline) {
      seen = held.calls().size();
      Thread.sleep(300);
    }
    assertTrue(seen > 0, "the particles wait on the oracle for their first step");
  }

  /** A one-node engine whose particles wait on {@code oracle} (64 designs in flight). */
  private static SamplingEngine engineWaitingOn(org.svdd.core.reward.RewardOracle oracle) {
    return engineWaitingOn(oracle, new WorkerStats());
  }

  private static SamplingEngine engineWaitingOn(org.svdd.core.reward.RewardOracle oracle, WorkerStats stats) {
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 64, 10_000, Duration.ofSeconds(30));
    return SamplingEngine.start(new NodeDeps(AbcModel.process(3),
        () -> new FactorizedDenoiserFake(P), oracle, settings, stats), ConfigFactory.load());
  }

  /** Scores x[0] - x[2], but cannot score designs {@code fails} picks (as an oracle crashing on them after its retries). */
  private static org.svdd.core.reward.RewardOracle failingOn(java.util.function.Predicate<int[]> fails) {
    return designs -> CompletableFuture.completedFuture(designs.stream().map(d -> {
      int[] x = ((org.svdd.core.diffusion.TokenState) d).tokens();
      return fails.test(x) ? org.svdd.core.reward.Reward.failed("RNAfold crashed")
          : new org.svdd.core.reward.Reward(x[0] - x[2], "");
    }).toList());
  }

  private static JobCoordinator.Event runWith(org.svdd.core.reward.RewardOracle oracle, SamplingPlan plan, String id)
      throws Exception {
    EngineSettings settings = AbcModel.SETTINGS;
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(
        AbcModel.process(3), () -> new FactorizedDenoiserFake(P), oracle, settings,
        new WorkerStats()), ConfigFactory.load())) {
      return terminal(engine, id, plan);
    }
  }

  @Test
  void fewDesignsUnscorable_jobFinishesWithoutThemAndCountsThem() throws Exception {
    // designs starting with C cannot be scored; the final ones must be, so they start with A or B
    JobCoordinator.Event end = runWith(failingOn(x -> x[0] == 2 && x[1] == 2), SamplingPlan.of(Method.SVDD, 16, 4, 0, 3, 2), "few");
    JobCoordinator.Finished done = assertInstanceOf(JobCoordinator.Finished.class, end, end.toString());
    assertTrue(done.failedDesigns() > 0, "some candidates could not be scored: " + done.failedDesigns());
    for (var sample : done.samples()) {
      int[] x = ((org.svdd.core.diffusion.TokenState) sample.design()).tokens();
      assertTrue(!(x[0] == 2 && x[1] == 2) && !sample.reward().failed(), "an unscorable design is never kept");
    }
  }

  @Test
  void fewDesignsUnscorable_progressSaysHowManyAndWhy() throws Exception {
    try (SamplingEngine engine = engineWaitingOn(failingOn(x -> x[0] == 2 && x[1] == 2))) {
      List<JobCoordinator.Event> events = heard(engine, "why", SamplingPlan.of(Method.SVDD, 16, 4, 0, 3, 2));
      assertInstanceOf(JobCoordinator.Finished.class, events.get(events.size() - 1));
      List<JobCoordinator.Progress> progress = events.stream().filter(JobCoordinator.Progress.class::isInstance)
          .map(JobCoordinator.Progress.class::cast).toList();
      JobCoordinator.Progress last = progress.get(progress.size() - 1);
      assertTrue(last.spent().designsFailed() > 0, "some candidates could not be scored: " + last);
      assertEquals("RNAfold crashed", last.spent().lastFailure());
      JobCoordinator.Progress first = progress.get(0);
      assertEquals("", first.spent().lastFailure(), "no failure before any design is scored");
    }
  }

  /** Until a particle has a value (a guided step ended, or a design scored), the job's value quantiles are NaN, not 0. */
  @Test
  void valuesBeforeAnyParticleHasOne_areNaN_andThoseAfterLeaveOutParticlesWithout() throws Exception {
    org.svdd.core.reward.RewardOracle neverZero = designs -> CompletableFuture.completedFuture(designs.stream()
        .map(d -> new org.svdd.core.reward.Reward(5 + ((org.svdd.core.diffusion.TokenState) d).tokens()[0], ""))
        .toList());
    try (SamplingEngine engine = engineWaitingOn(neverZero)) {
      // rewards are 5 and more, so a placeholder 0 among the values would show in their q10
      List<JobCoordinator.Event> events = heard(engine, "nan", SamplingPlan.of(Method.PRETRAINED, 16, 1, 0, 3, 2));
      List<JobCoordinator.Progress> progress = events.stream().filter(JobCoordinator.Progress.class::isInstance)
          .map(JobCoordinator.Progress.class::cast).toList();
      assertTrue(Double.isNaN(progress.get(0).medianValue()), "no values at the start: " + progress.get(0));
      for (JobCoordinator.Progress p : progress) {
        if (p.finished() == 0) {
          assertTrue(Double.isNaN(p.q10Value()) && Double.isNaN(p.medianValue()), "pre-trained particles have no "
              + "value before their designs are scored: " + p);
        } else {
          assertTrue(p.q10Value() != 0, "only the scored designs' rewards count: " + p);
        }
      }
      JobCoordinator.Progress last = progress.get(progress.size() - 1);
      assertEquals(16, last.finished());
      assertTrue(Double.isFinite(last.medianValue()), "" + last);
    }
  }

  @Test
  void manyDesignsUnscorable_failsTheJobNamingTheFraction() throws Exception {
    JobCoordinator.Event end = runWith(failingOn(x -> x[1] != 0), SamplingPlan.of(Method.SVDD, 16, 4, 0, 3, 2), "many");
    JobCoordinator.Failed failed = assertInstanceOf(JobCoordinator.Failed.class, end, end.toString());
    assertTrue(failed.reason().contains("more than svdd.reward.max-failure-fraction = 0.1"), failed.reason());
  }

  @Test
  void finalSampleUnscorable_failsTheJobNamingIt() throws Exception {
    JobCoordinator.Event end = runWith(failingOn(x -> x[0] == 3 && x[1] == 3 && x[2] == 3),
        SamplingPlan.of(Method.PRETRAINED, 64, 1, 0, 3, 2), "final");
    JobCoordinator.Failed failed = assertInstanceOf(JobCoordinator.Failed.class, end, end.toString());
    assertTrue(failed.reason().matches("final sample \\d+ could not be scored: RNAfold crashed"), failed.reason());
  }

  /** A cancel that reaches a job before its coordinator starts is kept: the job never runs, whatever resends its Run. */
  @Test
  void cancel_beforeTheCoordinatorStarts_isKeptAndTheJobNeverRuns() throws Exception {
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30), 0,
        Duration.ofMillis(200));
    com.typesafe.config.Config noRewardWorker = ConfigFactory.parseString("svdd.roles = [api, coordinator, denoiser]")
        .withFallback(ConfigFactory.load());
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(
        AbcModel.process(3), () -> new FactorizedDenoiserFake(P),
        new TableOracleFake(x -> x[0]), settings, new WorkerStats()), noRewardWorker)) {
      java.util.List<JobCoordinator.Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      engine.submit("early", SamplingPlan.of(Method.SVDD, 2, 2, 0, 3, 1), events::add);
      Thread.sleep(300);
      engine.cancel("early");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (events.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(1000);
      assertEquals(List.of(new JobCoordinator.Cancelled(
          "cancelled before its coordinator started (a new job, or one resuming after its node was lost)")), events,
          "one ending, and keep-alives after the cancel start nothing");
    }
  }

  /** A coordinator that throws (here: its process cannot draw the prior) ends the job once, as Failed. */
  @Test
  void coordinatorThrowing_failsTheJobOnceInsteadOfRestartingForEver() throws Exception {
    MaskedDiffusion real = AbcModel.process(3);
    java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
    org.svdd.core.diffusion.DiffusionProcess broken = new org.svdd.core.diffusion.DiffusionProcess() {
      @Override
      public org.svdd.core.diffusion.State prior(org.svdd.core.random.RandomStream random) {
        starts.incrementAndGet();
        throw new IllegalStateException("prior exploded");
      }

      @Override
      public int length() {
        return real.length();
      }

      @Override
      public double time(int step, int steps) {
        return real.time(step, steps);
      }

      @Override
      public org.svdd.core.diffusion.State reverseStep(org.svdd.core.diffusion.State noisy, float[] prediction, int step,
          int steps, org.svdd.core.random.RandomStream random) {
        return real.reverseStep(noisy, prediction, step, steps, random);
      }

      @Override
      public org.svdd.core.diffusion.State cleanEstimate(org.svdd.core.diffusion.State noisy, float[] prediction) {
        return real.cleanEstimate(noisy, prediction);
      }

      @Override
      public org.svdd.core.diffusion.State sampleClean(org.svdd.core.diffusion.State noisy, float[] prediction,
          org.svdd.core.random.RandomStream random) {
        return real.sampleClean(noisy, prediction, random);
      }

      @Override
      public boolean isClean(org.svdd.core.diffusion.State state) {
        return real.isClean(state);
      }
    };
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30), 0,
        Duration.ofMillis(200));
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(broken, () -> new FactorizedDenoiserFake(P),
        new TableOracleFake(x -> x[0]), settings, new WorkerStats()), ConfigFactory.load())) {
      JobCoordinator.Event end = terminal(engine, "broken", SamplingPlan.of(Method.SVDD, 2, 2, 0, 3, 1));
      JobCoordinator.Failed failed = assertInstanceOf(JobCoordinator.Failed.class, end);
      assertTrue(failed.reason().startsWith("job coordinator failed: ") && failed.reason().contains("prior exploded"),
          failed.reason());
      int seen = starts.get();
      Thread.sleep(1000);
      assertEquals(seen, starts.get(), "keep-alives after the failure start nothing");
    }
  }

  /** A store that stalls on every checkpoint holds no coordinator: the job finishes meanwhile. */
  @Test
  void stalledCheckpointStore_doesNotHoldTheJob() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    org.svdd.core.method.Checkpoints stalled = new org.svdd.core.method.Checkpoints() {
      @Override
      public void save(String jobId, List<org.svdd.core.method.Trajectory> trajectories, Tally tally) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public java.util.Map<Integer, org.svdd.core.method.Trajectory> latest(String jobId) {
        return java.util.Map.of();
      }
    };
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30), 1);
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(
        AbcModel.process(3), () -> new FactorizedDenoiserFake(P),
        new TableOracleFake(x -> x[0]), settings, new WorkerStats(), stalled), ConfigFactory.load())) {
      assertInstanceOf(JobCoordinator.Finished.class, terminal(engine, "stalled", SamplingPlan.of(Method.SVDD, 8, 2, 0, 3, 1)));
    } finally {
      release.countDown();
    }
  }

  /** Best-of-N with more trajectories than live particles runs them in a window, to the reference's samples. */
  @Test
  void bestOfN_moreTrajectoriesThanLiveParticles_matchesTheReference() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.BEST_OF_N, 64, 80, 0, 2, 4);
    assertTrue(plan.trajectories() > JobCoordinator.MAX_LIVE_PARTICLES);
    MaskedDiffusion process = AbcModel.process(3);
    List<org.svdd.core.method.Sample> reference = new org.svdd.core.method.SequentialSampler(process,
        new FactorizedDenoiserFake(P), new TableOracleFake(x -> x[0] - x[2]), 64).run(plan).samples();
    JobCoordinator.Finished done = assertInstanceOf(JobCoordinator.Finished.class,
        runWith(new TableOracleFake(x -> x[0] - x[2]), plan, "window"));
    assertEquals(reference, done.samples());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SamplingPlan.of(Method.BEST_OF_N, 4096, 256, 0, 2, 4));
    assertEquals("best-of-n draws particles x candidates = 1048576 trajectories; at most 65536", e.getMessage());
  }
}
