package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.reward.Reward;
import org.svdd.testing.FactorizedDenoiserFake;

/**
 * A job's particles agree on the oracle of each reward: two particles each answered by one oracle throughout, but not
 * the same one (two reward nodes with another RNAfold each), fail the job at the coordinator, which no particle alone
 * could see; the job's progress names the oracle that scored it.
 */
class JobOracleAgreementTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final String NEWER = "rna-mfe|RNAfold 2.6.4|--noPS";
  private static final String OLDER = "rna-mfe|RNAfold 2.5.1|--noPS";

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** A job of two particles whose scores all wait at {@code worker}. */
  private static TestProbe<JobCoordinator.Event> start(TestProbe<RewardWorker.Command> worker) {
    double[][] p = {{0.5, 0.5, 1e-9}, {0.5, 0.5, 1e-9}};
    ActorRef<DenoiseWorker.Command> denoiser = KIT.spawn(DenoiseWorker.create(() -> new FactorizedDenoiserFake(p),
        new BatchPolicy(64, 0, 1), new WorkerStats()));
    Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), Duration.ofMinutes(1));
    routing.denoisers().update(Set.of(denoiser));
    routing.rewarders().updateAnyReward(Set.of(worker.getRef()));
    return RunningCoordinator.start(KIT, "job-o", SamplingPlan.of(Method.SVDD, 2, 3, 0, 2, 1), routing).client();
  }

  private static void answer(RewardWorker.Score request, String oracle) {
    List<Reward> rewards = request.designs().stream().map(d -> new Reward(1, "")).toList();
    request.replyTo().tell(new RewardWorker.Scored(request.requestId(), rewards, rewards.size(), 0, 0, oracle,
        request.reward()));
  }

  @Test
  void particlesScoredByOneOracleEach_butNotTheSame_failTheJob_namingBoth() {
    TestProbe<RewardWorker.Command> worker = KIT.createTestProbe();
    TestProbe<JobCoordinator.Event> client = start(worker);
    RewardWorker.Score first = worker.expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    RewardWorker.Score second = worker.expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    assertTrue(first.replyTo() != second.replyTo(), "one request of each particle");
    answer(first, NEWER);
    answer(second, OLDER);
    String node = KIT.system().address().hostPort();
    JobCoordinator.Failed failed = (JobCoordinator.Failed) client.fishForMessage(Duration.ofSeconds(10),
        e -> e instanceof JobCoordinator.Failed ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore())
        .get(0);
    assertTrue(Set.of(
        "reward nodes score reward '(default)' with different oracles: " + node + " with RNAfold 2.6.4, " + node
            + " with RNAfold 2.5.1 (in full: " + NEWER + "; " + OLDER + ")",
        "reward nodes score reward '(default)' with different oracles: " + node + " with RNAfold 2.5.1, " + node
            + " with RNAfold 2.6.4 (in full: " + OLDER + "; " + NEWER + ")")
        .contains(failed.reason().replaceFirst(", so a design's reward .*", "")), failed.reason());
  }

  @Test
  void particlesScoredByOneOracle_goOn_andTheJobsProgressNamesIt() {
    TestProbe<RewardWorker.Command> worker = KIT.createTestProbe();
    TestProbe<JobCoordinator.Event> client = start(worker);
    answer(worker.expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10)), NEWER);
    answer(worker.expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10)), NEWER);
    JobCoordinator.Progress progress = (JobCoordinator.Progress) client.fishForMessage(Duration.ofSeconds(10),
        e -> e instanceof JobCoordinator.Progress p && p.stepsDone() == 2 ? FishingOutcomes.complete()
            : FishingOutcomes.continueAndIgnore()).get(0);
    assertEquals(List.of(new OracleUse("", NEWER, KIT.system().address().hostPort())), progress.oracles());
    assertEquals(java.util.Map.of("", NEWER), progress.oraclesByReward());
    worker.expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10)); // the job goes on to its next step
  }
}
