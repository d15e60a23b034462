package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.PopulationStep;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Spend;
import org.svdd.core.reward.DesignKeys;
import org.svdd.core.reward.Reward;
import org.svdd.testing.AbcModel;
import org.svdd.testing.ContextDenoiserFake;

/**
 * A particle's score request is split over the reward workers it knows: one particle alone keeps two reward
 * workers busy, a part its worker never answers is sent to the other, a part that fails withdraws the rest, and
 * designs of one key (one molecule) stay on one worker.
 */
class ParticleScoreSpreadTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final double[][] P = AbcModel.rows(4);
  private static final MaskedDiffusion PROCESS = AbcModel.process(4);
  /** One particle, eight children a step: its first step asks several distinct designs (checked below). */
  private static final SamplingPlan PLAN = SamplingPlan.of(Method.SVDD, 1, 8, 0, 2, 3);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** A different reward for every design: the tokens read as a number in base 4. */
  private static Reward rewardOf(State design) {
    double v = 0;
    for (int t : ((TokenState) design).tokens()) {
      v = 4 * v + t;
    }
    return new Reward(v, "");
  }

  private static void answer(RewardWorker.Score request) {
    request.replyTo().tell(new RewardWorker.Scored(request.requestId(), request.designs().stream()
        .map(ParticleScoreSpreadTest::rewardOf).toList()));
  }

  /** Answers as an oracle of identity {@code oracle} would. */
  private static void answer(RewardWorker.Score request, String oracle) {
    List<Reward> rewards = request.designs().stream().map(ParticleScoreSpreadTest::rewardOf).toList();
    request.replyTo().tell(new RewardWorker.Scored(request.requestId(), rewards, rewards.size(), 0, 0, oracle,
        request.reward()));
  }

  private record Started(TestProbe<RewardWorker.Command> a, TestProbe<RewardWorker.Command> b,
      TestProbe<JobCoordinator.Command> coordinator) {}

  private static Started particleWithTwoRewardWorkers() {
    return particleWithTwoRewardWorkers(DesignKeys.IDENTITY);
  }

  private static Started particleWithTwoRewardWorkers(DesignKeys keys) {
    return particleWithTwoRewardWorkers(keys, true);
  }

  /** @param stepsOnly whether the coordinator probe leaves out the spend told between steps ({@link StepsOnly}) */
  private static Started particleWithTwoRewardWorkers(DesignKeys keys, boolean stepsOnly) {
    ActorRef<DenoiseWorker.Command> denoiser = KIT.spawn(DenoiseWorker.create(() -> new ContextDenoiserFake(P),
        new BatchPolicy(16, 0, 1), new WorkerStats()));
    TestProbe<RewardWorker.Command> a = KIT.createTestProbe();
    TestProbe<RewardWorker.Command> b = KIT.createTestProbe();
    Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), Duration.ofMillis(400), keys);
    routing.denoisers().update(Set.of(denoiser));
    routing.rewarders().updateAnyReward(Set.of(a.getRef(), b.getRef()));
    TestProbe<JobCoordinator.Command> coordinator = KIT.createTestProbe();
    ActorRef<Particle.Command> particle = KIT.spawn(Particle.create("job", PLAN, PROCESS,
        stepsOnly ? StepsOnly.to(KIT, coordinator) : coordinator.getRef(), routing));
    particle.tell(new Particle.Advance(PopulationStep.initial(PLAN, PROCESS).get(0)));
    return new Started(a, b, coordinator);
  }

  @Test
  void oneParticle_scoresOnBothWorkers_andAPartNeverAnsweredIsSentToTheOther() {
    Started s = particleWithTwoRewardWorkers();
    RewardWorker.Score atA = s.a().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    RewardWorker.Score atB = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    Set<State> asked = new HashSet<>(atA.designs());
    asked.addAll(atB.designs());
    assertEquals(atA.designs().size() + atB.designs().size(), asked.size(), "each design is asked once");
    assertTrue(Math.abs(atA.designs().size() - atB.designs().size()) <= 1,
        "two idle workers share the request evenly: " + atA.designs().size() + " and " + atB.designs().size());
    answer(atA);
    s.coordinator().expectNoMessage(Duration.ofMillis(100)); // the step waits for B's part
    RewardWorker.Score resent = s.a().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(5));
    assertEquals(atB.designs(), resent.designs(), "B's part, unanswered past the timeout, is asked of A");
    answer(resent);
    JobCoordinator.StepDone done = s.coordinator().expectMessageClass(JobCoordinator.StepDone.class, Duration.ofSeconds(5));
    double best = asked.stream().mapToDouble(d -> rewardOf(d).value()).max().orElseThrow();
    assertEquals(best, done.trajectory().value(), "alpha 0 keeps the child whose design scored best of both parts");
    assertEquals(asked.size(), done.spent().designsScored(), "every design of both parts counted as scored");
  }

  /** The next score request at either worker, and which worker it reached. */
  private record Asked(RewardWorker.Score score, TestProbe<RewardWorker.Command> at) {}

  private static Asked nextScore(Started s, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      for (TestProbe<RewardWorker.Command> probe : java.util.List.of(s.a(), s.b())) {
        try {
          return new Asked(probe.expectMessageClass(RewardWorker.Score.class, Duration.ofMillis(50)), probe);
        } catch (AssertionError nothingYet) {
          // ask the other
        }
      }
    }
    throw new AssertionError("no score request within " + within);
  }

  @Test
  void designsOfOneKey_goToOneWorker_thoughTwoAreIdle() {
    Started s = particleWithTwoRewardWorkers(reward -> design -> "one molecule");
    Asked asked = nextScore(s, Duration.ofSeconds(10));
    TestProbe<RewardWorker.Command> other = asked.at() == s.a() ? s.b() : s.a();
    other.expectNoMessage(Duration.ofMillis(200));
    answer(asked.score());
    JobCoordinator.StepDone done = s.coordinator().expectMessageClass(JobCoordinator.StepDone.class, Duration.ofSeconds(5));
    assertTrue(done.spent().designsScored() > 1, "the step asked several designs: " + done.spent().designsScored());
    assertEquals(done.spent().designsScored(), asked.score().designs().size(), "all of them, as one molecule, at one worker");
  }

  @Test
  void aRequestSharedByKey_keepsEachKeysDesignsTogether_andEachDesignItsOwnAnswer() {
    java.util.function.Function<State, Object> parity = d -> java.util.Arrays.stream(((TokenState) d).tokens()).sum() % 2;
    Started s = particleWithTwoRewardWorkers(reward -> parity);
    java.util.List<java.util.List<State>> parts = new java.util.ArrayList<>();
    Set<State> asked = new HashSet<>();
    JobCoordinator.StepDone done = null;
    while (done == null) {
      RewardWorker.Score score = nextScore(s, Duration.ofSeconds(10)).score();
      parts.add(score.designs());
      asked.addAll(score.designs());
      answer(score);
      try {
        done = s.coordinator().expectMessageClass(JobCoordinator.StepDone.class, Duration.ofMillis(200));
      } catch (AssertionError notYet) {
        // another part is out
      }
    }
    assertTrue(asked.size() >= 3, "two keys over at least three designs: one key holds two " + asked);
    for (java.util.List<State> part : parts) {
      for (State d : part) {
        for (java.util.List<State> elsewhere : parts) {
          if (elsewhere != part) {
            assertTrue(elsewhere.stream().noneMatch(e -> parity.apply(e).equals(parity.apply(d))),
                "a key's designs split between parts: " + parts);
          }
        }
      }
    }
    double best = asked.stream().mapToDouble(d -> rewardOf(d).value()).max().orElseThrow();
    assertEquals(best, done.trajectory().value(), "each design keeps its own answer, put back in order");
  }

  /** A worker that failed a part whole is set aside: the next step's request goes whole to the other, idle or not. */
  @Test
  void aWorkerThatFailedAPart_isPassedOverByTheNextStep() {
    Started s = particleWithTwoRewardWorkers();
    RewardWorker.Score atA = s.a().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    RewardWorker.Score atB = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    atA.replyTo().tell(new RewardWorker.ScoreFailed(atA.requestId(), "oracle cannot start on A"));
    RewardWorker.Score retried = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(5));
    answer(atB);
    answer(retried);
    s.coordinator().expectMessageClass(JobCoordinator.StepDone.class, Duration.ofSeconds(5));
    RewardWorker.Score next = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    assertTrue(new HashSet<>(next.designs()).size() >= 2, "two idle workers would have shared these: " + next.designs());
    s.a().expectNoMessage(Duration.ofMillis(300));
  }

  /** Two workers whose oracles differ (another program version, another effort) fail the job, naming both. */
  @Test
  void workersScoringWithDifferentOracles_failTheParticle_namingBoth() {
    Started s = particleWithTwoRewardWorkers();
    RewardWorker.Score atA = s.a().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    RewardWorker.Score atB = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    answer(atA, "rna-mfe|RNAfold 2.6.4|--noPS");
    answer(atB, "rna-mfe|RNAfold 2.5.1|--noPS");
    JobCoordinator.ParticleFailed failed =
        s.coordinator().expectMessageClass(JobCoordinator.ParticleFailed.class, Duration.ofSeconds(5));
    String node = KIT.system().address().hostPort();
    assertEquals("reward nodes score reward '(default)' with different oracles: " + node + " with RNAfold 2.6.4, "
        + node + " with RNAfold 2.5.1 (in full: rna-mfe|RNAfold 2.6.4|--noPS; rna-mfe|RNAfold 2.5.1|--noPS), so a "
        + "design's reward would depend on the node that scored it: give every reward node the same oracle programs, "
        + "versions and svdd.reward settings", failed.reason());
  }

  /** Workers of one oracle finish the step, which tells the coordinator that oracle, for the job's to agree on. */
  @Test
  void workersScoringWithOneOracle_finishTheStep_namingTheOracle() {
    Started s = particleWithTwoRewardWorkers();
    answer(s.a().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10)), "rna-mfe|RNAfold 2.6.4 --noPS");
    answer(s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10)), "rna-mfe|RNAfold 2.6.4 --noPS");
    JobCoordinator.StepDone done =
        s.coordinator().expectMessageClass(JobCoordinator.StepDone.class, Duration.ofSeconds(5));
    assertEquals(List.of(new OracleUse("", "rna-mfe|RNAfold 2.6.4 --noPS", KIT.system().address().hostPort())),
        done.oracles());
  }

  /**
   * What a particle spent on a step it does not finish reaches its coordinator as it is paid for: the rows at once,
   * each part's oracle calls as the part is answered, and all of it before the particle fails.
   */
  @Test
  void aParticleFailingMidStep_hasToldItsCoordinatorWhatTheStepSpent() {
    Started s = particleWithTwoRewardWorkers(DesignKeys.IDENTITY, false);
    RewardWorker.Score atA = s.a().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    RewardWorker.Score atB = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    answer(atB);
    Spend told = Spend.NONE;
    while (told.oracleCalls() == 0) {
      told = told.plus(s.coordinator().expectMessageClass(JobCoordinator.Spent.class, Duration.ofSeconds(5)).spent());
      assertTrue(told.denoisedRows() > 0, "the step's predictions come first: " + told);
    }
    assertEquals(atB.designs().size(), told.oracleCalls(), "B's part, answered: " + told);
    atA.replyTo().tell(new RewardWorker.ScoreFailed(atA.requestId(), "oracle cannot start on A"));
    RewardWorker.Score retried = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(5));
    retried.replyTo().tell(new RewardWorker.ScoreFailed(retried.requestId(), "oracle crashed"));
    s.coordinator().expectMessageClass(JobCoordinator.ParticleFailed.class, Duration.ofSeconds(5));
  }

  /** A part failed whole goes once to the other worker; failed there too, the particle fails and withdraws the rest. */
  @Test
  void aPartThatFailsTwice_withdrawsTheOthers_andFailsTheParticle() {
    Started s = particleWithTwoRewardWorkers();
    RewardWorker.Score atA = s.a().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    RewardWorker.Score atB = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    atA.replyTo().tell(new RewardWorker.ScoreFailed(atA.requestId(), "oracle cannot start on A"));
    RewardWorker.Score retried = s.b().expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(5));
    assertEquals(atA.designs(), retried.designs(), "A's part, failed there, goes to B");
    s.coordinator().expectNoMessage(Duration.ofMillis(200));
    retried.replyTo().tell(new RewardWorker.ScoreFailed(retried.requestId(), "oracle crashed"));
    JobCoordinator.ParticleFailed failed =
        s.coordinator().expectMessageClass(JobCoordinator.ParticleFailed.class, Duration.ofSeconds(5));
    assertEquals("oracle crashed", failed.reason(), "failed twice, the particle fails with the last reason");
    List<RewardWorker.Command> withdrawn = List.of(s.b().receiveMessage(Duration.ofSeconds(5)),
        s.b().receiveMessage(Duration.ofSeconds(5)));
    assertTrue(withdrawn.contains(new RewardWorker.Abandon(atB.requestId(), atB.replyTo())), "B's part is withdrawn: "
        + withdrawn);
    s.a().expectNoMessage(Duration.ofMillis(200));
  }
}
