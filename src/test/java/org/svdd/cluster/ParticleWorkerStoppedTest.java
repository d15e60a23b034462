package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.PopulationStep;
import org.svdd.testing.AbcModel;
import org.svdd.testing.ContextDenoiserFake;

/**
 * A worker that stops while it holds a particle's request (its node left) is dropped from the node's pool at once,
 * though the pool's listing still names it (listings lag the cluster): the request waits for a live worker and
 * reaches the next one listed, instead of going back to the stopped worker and waiting out the request timeout.
 */
class ParticleWorkerStoppedTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final double[][] P = AbcModel.rows(4);
  private static final MaskedDiffusion PROCESS = AbcModel.process(4);
  private static final SamplingPlan PLAN = SamplingPlan.of(Method.SVDD, 1, 4, 0, 2, 3);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aRewardWorkerStoppingWithTheRequest_theRequestReachesTheNextWorker_notTheStoppedOneAgain()
      throws InterruptedException {
    ActorRef<DenoiseWorker.Command> denoiser = KIT.spawn(DenoiseWorker.create(() -> new ContextDenoiserFake(P),
        new BatchPolicy(16, 0, 1), new WorkerStats()));
    TestProbe<RewardWorker.Command> first = KIT.createTestProbe();
    TestProbe<RewardWorker.Command> next = KIT.createTestProbe();
    Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), Duration.ofMinutes(10));
    routing.denoisers().update(Set.of(denoiser));
    routing.rewarders().updateAnyReward(Set.of(first.getRef()));
    ActorRef<Particle.Command> particle = KIT.spawn(Particle.create("job", PLAN, PROCESS, KIT.<JobCoordinator.Command>
        createTestProbe().getRef(), routing));
    particle.tell(new Particle.Advance(PopulationStep.initial(PLAN, PROCESS).get(0)));
    RewardWorker.Score asked = first.expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    first.stop();
    Thread.sleep(500); // the particle hears it stopped while the listing names it alone
    // the listing then names the next worker, and still the stopped one (it has not heard yet)
    routing.rewarders().updateAnyReward(Set.of(first.getRef(), next.getRef()));
    RewardWorker.Score again = next.expectMessageClass(RewardWorker.Score.class, Duration.ofSeconds(10));
    assertEquals(asked.designs(), again.designs(), "the stopped worker's request, asked of the next one");
  }
}
