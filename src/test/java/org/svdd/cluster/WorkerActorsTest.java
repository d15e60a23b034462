package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.RewardOracles;
import org.svdd.testing.ContextDenoiserFake;
import org.svdd.testing.HeldDenoiserFake;
import org.svdd.testing.HeldOracleFake;
import org.svdd.testing.ShapedDenoiserFake;

/** The workers as actors, one message at a time: batching across passes, failure fan-out, the in-flight bound. */
class WorkerActorsTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final double[][] P = {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}};

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static List<DenoiseInput> rows(int n, int offset) {
    List<DenoiseInput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new DenoiseInput(new TokenState(new int[] {(i + offset) % 3, 3}), 0.5));
    }
    return out;
  }

  /**
   * A row left over behind a pass has not starved, however long the pass took: after it the worker still
   * waits (up to the delay) for a whole micro-batch instead of running a padded one at once.
   */
  @Test
  void denoise_rowsLeftOverBehindAPass_waitForAWholeMicroBatchAfterIt() throws Exception {
    HeldDenoiserFake held = new HeldDenoiserFake(P);
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> held,
        new BatchPolicy(4, Duration.ofMillis(300).toNanos(), 4), new WorkerStats()));
    TestProbe<DenoiseWorker.Result> probe = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Denoise(1, rows(5, 0), probe.getRef()));
    assertTrue(held.awaitFirstPass());
    Thread.sleep(500);
    held.release();
    worker.tell(new DenoiseWorker.Denoise(2, rows(3, 1), probe.getRef()));
    for (int i = 0; i < 2; i++) {
      assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage(Duration.ofSeconds(5)));
    }
    assertEquals(List.of(4, 4), held.passes().stream().map(List::size).toList(), "the fifth row, left over behind the first pass, joined the next whole micro-batch");
  }

  @Test
  void denoise_requestLargerThanABatch_isAnsweredWholeAcrossPassesWithItsOwnRows() {
    ContextDenoiserFake fake = new ContextDenoiserFake(P);
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> fake,
        new BatchPolicy(2, Duration.ofMillis(1).toNanos(), 1), new WorkerStats()));
    TestProbe<DenoiseWorker.Result> a = KIT.createTestProbe();
    TestProbe<DenoiseWorker.Result> b = KIT.createTestProbe();
    List<DenoiseInput> first = rows(5, 0);
    List<DenoiseInput> second = rows(3, 1);
    worker.tell(new DenoiseWorker.Denoise(1, first, a.getRef()));
    worker.tell(new DenoiseWorker.Denoise(2, second, b.getRef()));
    DenoiseWorker.Denoised gotA = assertInstanceOf(DenoiseWorker.Denoised.class, a.receiveMessage());
    DenoiseWorker.Denoised gotB = assertInstanceOf(DenoiseWorker.Denoised.class, b.receiveMessage());
    assertEquals(1, gotA.requestId());
    assertEquals(2, gotB.requestId());
    float[][] wantA = new ContextDenoiserFake(P).predict(first);
    float[][] wantB = new ContextDenoiserFake(P).predict(second);
    for (int i = 0; i < wantA.length; i++) {
      assertArrayEquals(wantA[i], gotA.outputs()[i], "row " + i + " of the first request");
    }
    for (int i = 0; i < wantB.length; i++) {
      assertArrayEquals(wantB[i], gotB.outputs()[i], "row " + i + " of the second request");
    }
    assertEquals(8, fake.rows(), "eight rows in passes of at most two");
  }

  @Test
  void denoise_failingPass_failsEveryRequestItTouched() {
    Denoiser broken = inputs -> {
      throw new IllegalStateException("CUDA out of memory");
    };
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> broken,
        new BatchPolicy(8, Duration.ofMillis(5).toNanos(), 1), new WorkerStats()));
    TestProbe<DenoiseWorker.Result> a = KIT.createTestProbe();
    TestProbe<DenoiseWorker.Result> b = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Denoise(1, rows(2, 0), a.getRef()));
    worker.tell(new DenoiseWorker.Denoise(2, rows(2, 1), b.getRef()));
    for (TestProbe<DenoiseWorker.Result> waiter : List.of(a, b)) {
      DenoiseWorker.DenoiseFailed failed = assertInstanceOf(DenoiseWorker.DenoiseFailed.class, waiter.receiveMessage());
      assertTrue(failed.reason().contains("CUDA out of memory"), failed.reason());
    }
  }

  @Test
  void reward_inFlightBound_holdsFurtherRequestsUntilCapacityFrees_andAbandonDropsAWaitingOne() {
    HeldOracleFake held = new HeldOracleFake();
    ActorRef<RewardWorker.Command> worker = KIT.spawn(RewardWorker.create(RewardOracles.only(held), 4, new WorkerStats()));
    TestProbe<RewardWorker.Result> probe = KIT.createTestProbe();
    List<org.svdd.core.diffusion.State> two = List.of(new TokenState(new int[] {0}), new TokenState(new int[] {1}));
    for (long id = 1; id <= 4; id++) {
      worker.tell(new RewardWorker.Score(id, "", two, probe.getRef()));
    }
    probe.expectNoMessage(Duration.ofMillis(200));
    assertEquals(2, held.calls().size(), "four designs in flight at most: two requests of two");
    worker.tell(new RewardWorker.Abandon(3, probe.getRef()));
    held.calls().get(0).answerAll(1);
    RewardWorker.Scored first = assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage());
    assertEquals(1, first.requestId());
    assertEquals(held.identity(), first.oracle(), "the answer names the oracle that scored it");
    held.awaitCalls(3);
    assertEquals(3, held.calls().size(), "the next waiting request starts as capacity frees");
    held.calls().get(1).answerAll(2);
    held.calls().get(2).answerAll(4);
    java.util.Set<Long> answered = new java.util.HashSet<>();
    answered.add(assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId());
    answered.add(assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId());
    assertEquals(java.util.Set.of(2L, 4L), answered);
    probe.expectNoMessage(Duration.ofMillis(200));
    assertEquals(3, held.calls().size(), "the abandoned request never reached the oracle");
  }

  /** A denoise worker that never answers: the particle asks another one after the routing timeout and goes on. */
  @Test
  void particle_unansweredRequest_isResentToAnotherWorkerAfterTheTimeout() {
    TestProbe<DenoiseWorker.Command> silent = KIT.createTestProbe();
    ActorRef<DenoiseWorker.Command> working = KIT.spawn(DenoiseWorker.create(() -> new ContextDenoiserFake(P),
        new BatchPolicy(8, 0, 1), new WorkerStats()));
    ActorRef<RewardWorker.Command> rewarder = KIT.spawn(RewardWorker.create(RewardOracles.only(
        new org.svdd.testing.TableOracleFake(x -> x[0])), 8, new WorkerStats()));
    Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), Duration.ofMillis(300));
    routing.denoisers().update(java.util.Set.of(silent.getRef()));
    routing.rewarders().updateAnyReward(java.util.Set.of(rewarder));
    org.svdd.core.diffusion.MaskedDiffusion process = new org.svdd.core.diffusion.MaskedDiffusion(
        org.svdd.core.diffusion.Vocabulary.ofCharacters("AB"), 2);
    org.svdd.core.method.SamplingPlan plan = org.svdd.core.method.SamplingPlan.of(org.svdd.core.method.Method.SVDD, 1, 2, 0, 2, 1);
    TestProbe<JobCoordinator.Command> coordinator = KIT.createTestProbe();
    ActorRef<Particle.Command> particle = KIT.spawn(Particle.create("job", plan, process, StepsOnly.to(KIT, coordinator), routing));
    particle.tell(new Particle.Advance(org.svdd.core.method.PopulationStep.initial(plan, process).get(0)));
    silent.expectMessageClass(DenoiseWorker.Denoise.class);
    routing.denoisers().update(java.util.Set.of(silent.getRef(), working));
    JobCoordinator.StepDone first = coordinator.expectMessageClass(JobCoordinator.StepDone.class, Duration.ofSeconds(10));
    assertEquals(1, first.trajectory().step(), "the step finished through the other worker");
  }

  /**
   * A worker bounded at {@code maxQueuedRows} whose first pass (one row of its own job) is held, so that the
   * requests a test sends next wait in its mailbox and are queued in order once the pass is released,
   * whatever the machine's load: no flush window to race.
   */
  private static ActorRef<DenoiseWorker.Command> busyWorker(HeldDenoiserFake held, int maxQueuedRows) throws Exception {
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> held,
        new BatchPolicy(1, 0, 1), maxQueuedRows, new WorkerStats()));
    worker.tell(new DenoiseWorker.Denoise(0, "first", rows(1, 0), KIT.<DenoiseWorker.Result>createTestProbe().getRef()));
    assertTrue(held.awaitFirstPass());
    return worker;
  }

  /** Back-pressure: a request that would overfill the queue is answered busy at once; what was queued is kept. */
  @Test
  void denoise_fullQueue_answersBusy_andKeepsWhatItHolds() throws Exception {
    HeldDenoiserFake held = new HeldDenoiserFake(P);
    ActorRef<DenoiseWorker.Command> worker = busyWorker(held, 4);
    TestProbe<DenoiseWorker.Result> probe = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Denoise(1, rows(3, 0), probe.getRef()));
    worker.tell(new DenoiseWorker.Denoise(2, rows(2, 0), probe.getRef()));
    worker.tell(new DenoiseWorker.Denoise(3, rows(1, 0), probe.getRef()));
    held.release();
    assertEquals(new DenoiseWorker.Busy(2), probe.receiveMessage(Duration.ofSeconds(5)), "3 + 2 rows exceed the bound of 4");
    java.util.Set<Long> answered = new java.util.HashSet<>();
    answered.add(assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage()).requestId());
    answered.add(assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage()).requestId());
    assertEquals(java.util.Set.of(1L, 3L), answered, "the queued requests are answered once they run");
    worker.tell(new DenoiseWorker.Denoise(4, rows(6, 0), probe.getRef()));
    assertEquals(4, assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage()).requestId(),
        "a request larger than the bound is taken by an empty queue");
  }

  /** Fair share: a small job's rows go into the next pass beside a large job's, not after all of them. */
  @Test
  void denoise_smallJobBehindALargeOne_sharesTheNextPass() throws Exception {
    HeldDenoiserFake held = new HeldDenoiserFake(P);
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> held,
        new BatchPolicy(4, 0, 1), new WorkerStats()));
    TestProbe<DenoiseWorker.Result> large = KIT.createTestProbe();
    TestProbe<DenoiseWorker.Result> small = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Denoise(1, "large", rows(4, 0), large.getRef()));
    assertTrue(held.awaitFirstPass());
    for (int r = 2; r <= 5; r++) {
      worker.tell(new DenoiseWorker.Denoise(r, "large", rows(4, r), large.getRef()));
    }
    List<DenoiseInput> smallRows = List.of(new DenoiseInput(new TokenState(new int[] {0, 3}), 0.25),
        new DenoiseInput(new TokenState(new int[] {1, 3}), 0.25));
    worker.tell(new DenoiseWorker.Denoise(6, "small", smallRows, small.getRef()));
    Thread.sleep(200);
    held.release();
    assertEquals(6, assertInstanceOf(DenoiseWorker.Denoised.class, small.receiveMessage(Duration.ofSeconds(5))).requestId());
    assertEquals(2, held.passes().get(1).stream().filter(smallRows::contains).count(),
        "both rows of the small job ran in the pass right after the one it waited for, beside the large job's");
    for (int r = 0; r < 5; r++) {
      assertInstanceOf(DenoiseWorker.Denoised.class, large.receiveMessage(Duration.ofSeconds(5)));
    }
  }

  /**
   * Each job's rows run in the micro-batch its size names, whatever company they keep in a pass: a pass
   * holding a one-particle job's rows and a large job's calls the denoiser once per shape, and every row
   * comes back as its job alone would have had it.
   */
  @Test
  void denoise_passOfTwoJobsOfDifferentSizes_runsEachJobsRowsInItsOwnShape() {
    ShapedDenoiserFake fake = new ShapedDenoiserFake(P);
    WorkerStats stats = new WorkerStats();
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> fake,
        new BatchPolicy(8, Duration.ofMillis(300).toNanos(), 1), stats));
    TestProbe<DenoiseWorker.Result> small = KIT.createTestProbe();
    TestProbe<DenoiseWorker.Result> large = KIT.createTestProbe();
    List<DenoiseInput> smallRows = rows(1, 2);
    List<DenoiseInput> largeRows = rows(7, 0);
    worker.tell(new DenoiseWorker.Denoise(1, "small", 1, smallRows, small.getRef()));
    worker.tell(new DenoiseWorker.Denoise(2, "large", 64, largeRows, large.getRef()));
    float[][] gotSmall = assertInstanceOf(DenoiseWorker.Denoised.class, small.receiveMessage()).outputs();
    float[][] gotLarge = assertInstanceOf(DenoiseWorker.Denoised.class, large.receiveMessage()).outputs();
    assertArrayEquals(new ShapedDenoiserFake(P).predict(smallRows, 1)[0], gotSmall[0], "the one-row job's row, in passes of one");
    float[][] wantLarge = new ShapedDenoiserFake(P).predict(largeRows, ShapedDenoiserFake.LARGEST);
    for (int i = 0; i < wantLarge.length; i++) {
      assertArrayEquals(wantLarge[i], gotLarge[i], "row " + i + " of the large job");
    }
    assertEquals(List.of("1x1", "4x7"), fake.calls().stream().map(c -> c[0] + "x" + c[1]).toList(),
        "one call per shape in the one pass of eight rows");
    assertEquals(8.0 / 9, stats.batchFill(), 1e-9, "computed: 1 row + two passes of 4");
  }

  @Test
  void denoise_passFailingInOneShape_failsTheRequestsOfEveryShapeInIt() {
    Denoiser brokenAtFour = new Denoiser() {
      @Override
      public float[][] predict(List<DenoiseInput> inputs) {
        return predict(inputs, 4);
      }

      @Override
      public int microBatchFor(int jobRows) {
        return jobRows <= 1 ? 1 : 4;
      }

      @Override
      public float[][] predict(List<DenoiseInput> inputs, int microBatch) {
        if (microBatch == 4) {
          throw new IllegalStateException("out of memory at 4 rows");
        }
        return new ContextDenoiserFake(P).predict(inputs);
      }
    };
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> brokenAtFour,
        new BatchPolicy(8, Duration.ofMillis(300).toNanos(), 1), new WorkerStats()));
    TestProbe<DenoiseWorker.Result> small = KIT.createTestProbe();
    TestProbe<DenoiseWorker.Result> large = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Denoise(1, "small", 1, rows(1, 0), small.getRef()));
    worker.tell(new DenoiseWorker.Denoise(2, "large", 64, rows(7, 0), large.getRef()));
    for (TestProbe<DenoiseWorker.Result> waiter : List.of(small, large)) {
      DenoiseWorker.DenoiseFailed failed = assertInstanceOf(DenoiseWorker.DenoiseFailed.class, waiter.receiveMessage());
      assertTrue(failed.reason().contains("out of memory at 4 rows"), failed.reason());
    }
  }

  /** Back-pressure falls on the job over its share of the queue, not on a small job beside it. */
  @Test
  void denoise_fullQueue_answersBusyToTheJobOverItsShare_notToASmallJob() throws Exception {
    HeldDenoiserFake held = new HeldDenoiserFake(P);
    ActorRef<DenoiseWorker.Command> worker = busyWorker(held, 8);
    TestProbe<DenoiseWorker.Result> probe = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Denoise(1, "large", rows(6, 0), probe.getRef()));
    worker.tell(new DenoiseWorker.Denoise(2, "large", rows(3, 0), probe.getRef()));
    worker.tell(new DenoiseWorker.Denoise(3, "small", rows(3, 0), probe.getRef()));
    worker.tell(new DenoiseWorker.Denoise(4, "small", rows(2, 0), probe.getRef()));
    held.release();
    assertEquals(new DenoiseWorker.Busy(2), probe.receiveMessage(Duration.ofSeconds(5)), "6 + 3 rows of one job exceed the bound of 8");
    assertEquals(new DenoiseWorker.Busy(4), probe.receiveMessage(Duration.ofSeconds(5)),
        "the small job may pass the bound up to its share of it (8 / 2 jobs = 4 rows), no further");
    java.util.Set<Long> answered = new java.util.HashSet<>();
    answered.add(assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage()).requestId());
    answered.add(assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage()).requestId());
    assertEquals(java.util.Set.of(1L, 3L), answered);
  }

  @Test
  void reward_fullQueue_answersBusy_andTakesRequestsAgainAsItDrains() {
    HeldOracleFake held = new HeldOracleFake();
    ActorRef<RewardWorker.Command> worker = KIT.spawn(RewardWorker.create(RewardOracles.only(held), 2, 2, new WorkerStats()));
    TestProbe<RewardWorker.Result> probe = KIT.createTestProbe();
    List<org.svdd.core.diffusion.State> two = List.of(new TokenState(new int[] {0}), new TokenState(new int[] {1}));
    List<org.svdd.core.diffusion.State> one = List.of(new TokenState(new int[] {2}));
    worker.tell(new RewardWorker.Score(1, "", two, probe.getRef()));
    held.awaitCalls(1); // the oracle opens off the worker's thread; request 1 then goes to it
    worker.tell(new RewardWorker.Score(2, "", two, probe.getRef()));
    worker.tell(new RewardWorker.Score(3, "", one, probe.getRef()));
    assertEquals(new RewardWorker.Busy(3), probe.receiveMessage(), "two at the oracle, two waiting: a third design is too many");
    held.calls().get(0).answerAll(1);
    assertEquals(1, assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId());
    worker.tell(new RewardWorker.Score(4, "", one, probe.getRef()));
    held.awaitCalls(2);
    held.calls().get(1).answerAll(2);
    assertEquals(2, assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId());
    held.awaitCalls(3);
    held.calls().get(2).answerAll(3);
    assertEquals(4, assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId(),
        "the queue took a request again once it drained");
  }

  /**
   * Opening an oracle (a docking oracle checks RDKit and asks its programs' versions) does not hold the worker:
   * while it opens, a request beyond the queue is answered Busy and a withdrawn one is dropped; once open, the
   * request that waited is scored.
   */
  @Test
  void reward_oracleStillOpening_workerAnswersMeanwhile_andScoresOnceOpen() throws Exception {
    java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    HeldOracleFake held = new HeldOracleFake();
    RewardOracles slowToOpen = reward -> {
      holdOpening(opens, open);
      return held;
    };
    ActorRef<RewardWorker.Command> worker = KIT.spawn(RewardWorker.create(slowToOpen, 4, 2, new WorkerStats()));
    TestProbe<RewardWorker.Result> probe = KIT.createTestProbe();
    List<org.svdd.core.diffusion.State> one = List.of(new TokenState(new int[] {0}));
    List<org.svdd.core.diffusion.State> two = List.of(new TokenState(new int[] {1}), new TokenState(new int[] {2}));
    worker.tell(new RewardWorker.Score(1, "", one, probe.getRef()));
    worker.tell(new RewardWorker.Score(2, "", one, probe.getRef()));
    worker.tell(new RewardWorker.Abandon(2, probe.getRef()));
    worker.tell(new RewardWorker.Score(3, "", two, probe.getRef()));
    assertEquals(new RewardWorker.Busy(3), probe.receiveMessage(Duration.ofSeconds(5)),
        "answered while the oracle was still opening");
    open.countDown();
    held.awaitCalls(1);
    held.calls().get(0).answerAll(7);
    RewardWorker.Scored scored = assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage());
    assertEquals(1, scored.requestId());
    probe.expectNoMessage(Duration.ofMillis(200));
    assertEquals(1, held.calls().size(), "the withdrawn request never reached the oracle");
    assertEquals(1, opens.get(), "opened once");
  }

  /** An oracle's open as a test holds it: counted in {@code opens}, then waiting until {@code open} is released. */
  private static void holdOpening(java.util.concurrent.atomic.AtomicInteger opens,
      java.util.concurrent.CountDownLatch open) {
    opens.incrementAndGet();
    try {
      open.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An oracle that cannot open fails the request naming why, and the next request tries to open it again. */
  @Test
  void reward_oracleThatFailsToOpen_failsTheRequest_andIsTriedAgainForTheNext() {
    java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    HeldOracleFake held = new HeldOracleFake();
    RewardOracles flaky = reward -> {
      if (opens.getAndIncrement() == 0) {
        throw new IllegalArgumentException("vina not found on PATH");
      }
      return held;
    };
    ActorRef<RewardWorker.Command> worker = KIT.spawn(RewardWorker.create(flaky, 4, new WorkerStats()));
    TestProbe<RewardWorker.Result> probe = KIT.createTestProbe();
    List<org.svdd.core.diffusion.State> one = List.of(new TokenState(new int[] {0}));
    worker.tell(new RewardWorker.Score(1, "", one, probe.getRef()));
    RewardWorker.ScoreFailed failed = assertInstanceOf(RewardWorker.ScoreFailed.class, probe.receiveMessage());
    assertEquals("reward oracle failed: vina not found on PATH", failed.reason());
    worker.tell(new RewardWorker.Score(2, "", one, probe.getRef()));
    held.awaitCalls(1);
    held.calls().get(0).answerAll(3);
    assertEquals(2, assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId());
    assertEquals(2, opens.get());
  }

  /**
   * Requests queued while an oracle opens share the open's failure at once, instead of each opening it again in
   * turn (a hanging RDKit check would cost each one its full timeout); a request of another reward is untouched.
   */
  @Test
  void reward_oracleThatFailsToOpen_failsEveryRequestQueuedBehindIt_atOnce() throws Exception {
    java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    HeldOracleFake qed = new HeldOracleFake();
    RewardOracles dockingFailsToOpen = reward -> {
      if (!reward.equals("vina-abl")) {
        return qed;
      }
      holdOpening(opens, open);
      throw new IllegalStateException("RDKit's check did not answer within 60 s");
    };
    ActorRef<RewardWorker.Command> worker = KIT.spawn(RewardWorker.create(dockingFailsToOpen, 8, new WorkerStats()));
    TestProbe<RewardWorker.Result> probe = KIT.createTestProbe();
    List<org.svdd.core.diffusion.State> one = List.of(new TokenState(new int[] {0}));
    worker.tell(new RewardWorker.Score(1, "vina-abl", one, probe.getRef()));
    worker.tell(new RewardWorker.Score(2, "vina-abl", one, probe.getRef()));
    worker.tell(new RewardWorker.Score(3, "qed", one, probe.getRef()));
    worker.tell(new RewardWorker.Score(4, "vina-abl", one, probe.getRef()));
    probe.expectNoMessage(Duration.ofMillis(200));
    open.countDown();
    java.util.Set<Long> failed = new java.util.HashSet<>();
    for (int i = 0; i < 3; i++) {
      RewardWorker.ScoreFailed f = assertInstanceOf(RewardWorker.ScoreFailed.class, probe.receiveMessage(Duration.ofSeconds(5)));
      assertEquals("reward oracle failed: RDKit's check did not answer within 60 s", f.reason());
      failed.add(f.requestId());
    }
    assertEquals(java.util.Set.of(1L, 2L, 4L), failed);
    assertEquals(1, opens.get(), "opened once for the three");
    qed.awaitCalls(1);
    qed.calls().get(0).answerAll(5);
    assertEquals(3, assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId());
    worker.tell(new RewardWorker.Score(5, "vina-abl", one, probe.getRef()));
    assertInstanceOf(RewardWorker.ScoreFailed.class, probe.receiveMessage(Duration.ofSeconds(5)));
    assertEquals(2, opens.get(), "a later request tries to open it again");
  }

  /** An oracle that completes with no list at all fails that request with a clear reason, and the worker lives on. */
  @Test
  void reward_oracleAnsweringNothing_failsTheRequest_andTheWorkerServesTheNext() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    org.svdd.core.reward.RewardOracle sloppy = designs -> java.util.concurrent.CompletableFuture.completedFuture(
        calls.getAndIncrement() == 0 ? null : designs.stream().map(d -> new org.svdd.core.reward.Reward(1, "")).toList());
    ActorRef<RewardWorker.Command> worker = KIT.spawn(RewardWorker.create(RewardOracles.only(sloppy), 4, new WorkerStats()));
    TestProbe<RewardWorker.Result> probe = KIT.createTestProbe();
    List<org.svdd.core.diffusion.State> one = List.of(new TokenState(new int[] {2}));
    worker.tell(new RewardWorker.Score(1, "", one, probe.getRef()));
    RewardWorker.ScoreFailed failed = assertInstanceOf(RewardWorker.ScoreFailed.class, probe.receiveMessage());
    assertEquals("reward oracle answered nothing", failed.reason());
    worker.tell(new RewardWorker.Score(2, "", one, probe.getRef()));
    assertEquals(2, assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId());
  }

  /** Supervision: a model replica that fails to start is tried again; the request sent meanwhile is answered. */
  @Test
  void denoise_workerThatThrowsAtStart_isRestarted_andAnswers() {
    java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Supplier<Denoiser> flaky = () -> {
      if (made.getAndIncrement() == 0) {
        throw new IllegalStateException("replica failed to load");
      }
      return new ContextDenoiserFake(P);
    };
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(NodeGuardian.supervised(
        DenoiseWorker.create(flaky, new BatchPolicy(8, 0, 1), 16, new WorkerStats())));
    TestProbe<DenoiseWorker.Result> probe = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Denoise(1, rows(2, 0), probe.getRef()));
    assertEquals(1, assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage(Duration.ofSeconds(5))).requestId());
    assertEquals(2, made.get(), "started twice");
  }
}
