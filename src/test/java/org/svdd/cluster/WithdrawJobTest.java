package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.HeldOracleFake;

/** A job that ends withdraws its work from every worker in one message, not one particle's request at a time. */
class WithdrawJobTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static List<State> design(int token) {
    return List.of(new TokenState(new int[] {token}));
  }

  /**
   * For tests only: {@link HeldOracleFake}'s calls, and how its withdrawals came: how many, and whether each call
   * cancelled was cancelled inside one.
   */
  private static final class GroupingOracleFake implements RewardOracle {
    final HeldOracleFake held = new HeldOracleFake();
    final AtomicInteger withdrawals = new AtomicInteger();
    final AtomicBoolean inside = new AtomicBoolean();
    final List<Boolean> cancelledInside = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<List<Reward>> score(List<State> designs) {
      CompletableFuture<List<Reward>> call = held.score(designs).toCompletableFuture();
      call.whenComplete((r, e) -> {
        if (call.isCancelled()) {
          cancelledInside.add(inside.get());
        }
      });
      return call;
    }

    @Override
    public void withdrawTogether(Runnable cancels) {
      withdrawals.incrementAndGet();
      inside.set(true);
      cancels.run();
      inside.set(false);
    }
  }

  @Test
  void withdraw_dropsTheJobsWaitingRequests_cancelsItsRunningCallsTogether_andLeavesOtherRequests() {
    GroupingOracleFake grouping = new GroupingOracleFake();
    HeldOracleFake held = grouping.held;
    ActorRef<RewardWorker.Command> worker = KIT.spawn(RewardWorker.create(RewardOracles.only(grouping), 3, new WorkerStats()));
    TestProbe<RewardWorker.Result> probe = KIT.createTestProbe();
    worker.tell(new RewardWorker.Score(1, "job-a", "", design(1), probe.getRef()));
    worker.tell(new RewardWorker.Score(2, "job-b", "", design(2), probe.getRef()));
    worker.tell(new RewardWorker.Score(3, "job-a", "", design(3), probe.getRef()));
    worker.tell(new RewardWorker.Score(4, "job-a", "", design(4), probe.getRef())); // waits: three designs in flight
    worker.tell(new RewardWorker.Score(5, "job-b", "", design(5), probe.getRef())); // waits
    worker.tell(new RewardWorker.Score(6, "", "", design(6), probe.getRef())); // of no job: waits
    List<HeldOracleFake.Call> calls = held.awaitCalls(3);
    assertEquals(3, calls.size(), "three designs in flight at most");

    worker.tell(new RewardWorker.Withdraw("job-a"));
    worker.tell(new RewardWorker.Withdraw("")); // withdraws nothing: "" is no job
    List<HeldOracleFake.Call> after = held.awaitCalls(5);
    assertTrue(after.get(0).answer().isCancelled(), "job-a's first running call is cancelled");
    assertTrue(after.get(2).answer().isCancelled(), "job-a's second running call is cancelled");
    assertFalse(after.get(1).answer().isDone(), "job-b's call runs on");
    assertEquals(1, grouping.withdrawals.get(), "one withdrawal at the oracle");
    assertEquals(List.of(true, true), grouping.cancelledInside, "both calls cancelled inside it");
    assertEquals(List.of(design(2), design(5), design(6)), after.stream().filter(c -> !c.answer().isDone())
        .map(HeldOracleFake.Call::designs).toList(), "job-a's waiting request never reaches the oracle; the others do");

    Set<Long> answered = new HashSet<>();
    after.stream().filter(c -> !c.answer().isDone()).forEach(c -> c.answerAll(1));
    for (int i = 0; i < 3; i++) {
      answered.add(assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage()).requestId());
    }
    assertEquals(Set.of(2L, 5L, 6L), answered);
    probe.expectNoMessage(Duration.ofMillis(200));
    assertEquals(5, held.calls().size());
  }

  private static List<org.svdd.core.diffusion.DenoiseInput> rows(int n) {
    List<org.svdd.core.diffusion.DenoiseInput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new org.svdd.core.diffusion.DenoiseInput(new TokenState(new int[] {i % 2, 2}), 0.5));
    }
    return out;
  }

  /** A withdrawn job's queued rows are never run; the other job's are, and its requests are answered. */
  @Test
  void withdraw_dropsTheJobsQueuedRows_fromTheDenoiser() throws Exception {
    double[][] p = {{0.5, 0.5, 1e-9}, {0.5, 0.5, 1e-9}};
    org.svdd.testing.HeldDenoiserFake held = new org.svdd.testing.HeldDenoiserFake(p);
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> held, new BatchPolicy(64, 0, 1),
        new WorkerStats()));
    TestProbe<DenoiseWorker.Result> probe = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Denoise(0, "first", rows(1), probe.getRef()));
    assertTrue(held.awaitFirstPass(), "the first pass runs, held");
    worker.tell(new DenoiseWorker.Denoise(1, "job-a", rows(6), probe.getRef()));
    worker.tell(new DenoiseWorker.Denoise(2, "job-b", rows(3), probe.getRef()));
    worker.tell(new DenoiseWorker.Denoise(3, "job-a", rows(2), probe.getRef()));
    worker.tell(new DenoiseWorker.Withdraw("job-a"));
    worker.tell(new DenoiseWorker.Withdraw("")); // no job: withdraws nothing
    held.release();
    Set<Long> answered = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      answered.add(assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage(Duration.ofSeconds(10))).requestId());
    }
    assertEquals(Set.of(0L, 2L), answered);
    probe.expectNoMessage(Duration.ofMillis(300));
    assertEquals(4, held.passes().stream().mapToInt(List::size).sum(), "the held row, then job-b's three: "
        + held.passes());
  }

  /**
   * A request of a job that comes after the job's withdrawal (sent as its particle stopped, overtaken on the way) is
   * answered Busy, not run: no forward pass for it; another job's request is still run.
   */
  @Test
  void denoiseRequest_ofAWithdrawnJob_isAnsweredBusy_andNeverRun() {
    double[][] p = {{0.5, 0.5, 1e-9}, {0.5, 0.5, 1e-9}};
    org.svdd.testing.HeldDenoiserFake held = new org.svdd.testing.HeldDenoiserFake(p);
    held.release();
    ActorRef<DenoiseWorker.Command> worker = KIT.spawn(DenoiseWorker.create(() -> held, new BatchPolicy(64, 0, 1),
        new WorkerStats()));
    TestProbe<DenoiseWorker.Result> probe = KIT.createTestProbe();
    worker.tell(new DenoiseWorker.Withdraw("job-a"));
    worker.tell(new DenoiseWorker.Denoise(1, "job-a", rows(3), probe.getRef()));
    assertEquals(new DenoiseWorker.Busy(1), probe.receiveMessage(Duration.ofSeconds(10)));
    worker.tell(new DenoiseWorker.Denoise(2, "job-b", rows(2), probe.getRef()));
    assertEquals(2L, assertInstanceOf(DenoiseWorker.Denoised.class, probe.receiveMessage(Duration.ofSeconds(10)))
        .requestId());
    assertEquals(2, held.passes().stream().mapToInt(List::size).sum(), "only job-b's rows ran: " + held.passes());
  }

  /** A score request of a job that comes after the job's withdrawal is answered Busy and reaches no oracle. */
  @Test
  void scoreRequest_ofAWithdrawnJob_isAnsweredBusy_andNeverReachesTheOracle() {
    HeldOracleFake held = new HeldOracleFake();
    ActorRef<RewardWorker.Command> worker = KIT.spawn(RewardWorker.create(RewardOracles.only(held), 3,
        new WorkerStats()));
    TestProbe<RewardWorker.Result> probe = KIT.createTestProbe();
    worker.tell(new RewardWorker.Withdraw("job-a"));
    worker.tell(new RewardWorker.Score(1, "job-a", "", design(1), probe.getRef()));
    assertEquals(new RewardWorker.Busy(1), probe.receiveMessage(Duration.ofSeconds(10)));
    worker.tell(new RewardWorker.Score(2, "job-b", "", design(2), probe.getRef()));
    List<HeldOracleFake.Call> calls = held.awaitCalls(1);
    assertEquals(List.of(design(2)), calls.stream().map(HeldOracleFake.Call::designs).toList(),
        "only job-b's design reaches the oracle");
    calls.get(0).answerAll(1);
    assertEquals(2L, assertInstanceOf(RewardWorker.Scored.class, probe.receiveMessage(Duration.ofSeconds(10)))
        .requestId());
  }

  /**
   * The coordinator of a cancelled job tells the reward workers its node knows to withdraw the job before its
   * particles stop and abandon their own requests, and the denoise workers too; the requests carry the job's id.
   */
  @Test
  void cancelledJob_withdrawsItsRequestsFromEveryRewardWorker_beforeItsParticlesAbandonThem() {
    double[][] p = {{0.5, 0.5, 1e-9}, {0.5, 0.5, 1e-9}};
    ActorRef<DenoiseWorker.Command> denoiser = KIT.spawn(DenoiseWorker.create(() -> new FactorizedDenoiserFake(p),
        new BatchPolicy(64, 0, 1), new WorkerStats()));
    TestProbe<DenoiseWorker.Command> otherDenoiser = KIT.createTestProbe();
    TestProbe<RewardWorker.Command> first = KIT.createTestProbe();
    TestProbe<RewardWorker.Command> second = KIT.createTestProbe();
    Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), Duration.ofMinutes(1));
    routing.denoisers().update(Set.of(denoiser));
    routing.rewarders().updateAnyReward(Set.of(first.getRef()));
    routing.rewarders().updateReward("vina-abl", Set.of(second.getRef()));
    RunningCoordinator job = RunningCoordinator.start(KIT, "job-w", SamplingPlan.of(Method.SVDD, 4, 3, 0, 2, 1), routing);
    ActorRef<JobCoordinator.Command> coordinator = job.ref();
    TestProbe<JobCoordinator.Event> client = job.client();

    List<RewardWorker.Score> asked = new ArrayList<>();
    while (asked.size() < 4) { // every particle's children wait at the only worker of the job's reward
      asked.add(first.expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10)));
    }
    assertEquals(Set.of("job-w"), asked.stream().map(RewardWorker.Score::job).collect(java.util.stream.Collectors.toSet()),
        "each request names its job");

    routing.denoisers().update(Set.of(denoiser, otherDenoiser.getRef())); // known, not asked: all rows were computed
    coordinator.tell(new JobCoordinator.Cancel(null));
    assertEquals(new RewardWorker.Withdraw("job-w"), first.receiveMessage(Duration.ofSeconds(10)),
        "the withdrawal comes before any particle's own abandon");
    assertEquals(new RewardWorker.Withdraw("job-w"), second.receiveMessage(Duration.ofSeconds(10)),
        "a worker of another reward hears it too: the job may have asked it");
    for (int i = 0; i < 4; i++) {
      assertInstanceOf(RewardWorker.Abandon.class, first.receiveMessage(Duration.ofSeconds(10)));
    }
    assertEquals(new DenoiseWorker.Withdraw("job-w"), otherDenoiser.receiveMessage(Duration.ofSeconds(10)),
        "every denoise worker known hears it");
    client.fishForMessage(Duration.ofSeconds(10), e -> e instanceof JobCoordinator.Cancelled
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
  }
}
