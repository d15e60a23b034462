package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.method.Method;
import org.svdd.core.method.PopulationStep;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.Trajectory;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracles;
import org.svdd.testing.AbcModel;
import org.svdd.testing.ContextDenoiserFake;

/**
 * A denoise pass that fails (the model threw: out of memory, say) fails no job at once: the particle tries the
 * prediction once more, a second later, on another denoiser if there is one, and steps on as it would have; failed
 * twice, the job fails with the reason.
 */
class ParticleDenoiseRetryTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final double[][] P = AbcModel.rows(4);
  private static final MaskedDiffusion PROCESS = AbcModel.process(4);
  private static final SamplingPlan PLAN = SamplingPlan.of(Method.SVDD, 1, 4, 0, 2, 3);
  private static final String OUT_OF_MEMORY = "CUDA out of memory";

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aPassFailingOnce_theParticleTriesAgain_andStepsOnAsItWouldHave() {
    Trajectory calm = firstStep(new ContextDenoiserFake(P));
    AtomicInteger passes = new AtomicInteger();
    ContextDenoiserFake model = new ContextDenoiserFake(P);
    Trajectory retried = firstStep(inputs -> {
      if (passes.getAndIncrement() == 0) {
        throw new IllegalStateException(OUT_OF_MEMORY);
      }
      return model.predict(inputs);
    });
    assertTrue(passes.get() >= 2, "the failed pass was run again");
    assertArrayEquals(((TokenState) calm.state()).tokens(), ((TokenState) retried.state()).tokens(),
        "the same child kept as without the failure");
    assertEquals(calm.value(), retried.value(), 0);
  }

  @Test
  void aPassFailingTwice_failsTheJobWithTheReason_theSecondTryOnAnotherDenoiser() {
    TestProbe<DenoiseWorker.Command> first = KIT.createTestProbe();
    TestProbe<DenoiseWorker.Command> other = KIT.createTestProbe();
    TestProbe<JobCoordinator.Command> coordinator = KIT.createTestProbe();
    Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), Duration.ofMinutes(10));
    routing.denoisers().update(Set.of(first.getRef()));
    ActorRef<Particle.Command> particle = KIT.spawn(Particle.create("job", PLAN, PROCESS, StepsOnly.to(KIT, coordinator), routing));
    particle.tell(new Particle.Advance(PopulationStep.initial(PLAN, PROCESS).get(0)));
    DenoiseWorker.Denoise asked = first.expectMessageClass(DenoiseWorker.Denoise.class, Duration.ofSeconds(10));
    routing.denoisers().update(Set.of(first.getRef(), other.getRef()));

    asked.replyTo().tell(new DenoiseWorker.DenoiseFailed(asked.requestId(), "denoiser failed: " + OUT_OF_MEMORY));
    DenoiseWorker.Denoise again = other.expectMessageClass(DenoiseWorker.Denoise.class, Duration.ofSeconds(10));
    assertEquals(asked.inputs(), again.inputs(), "the failed prediction, asked of the other denoiser");
    first.expectNoMessage(Duration.ofMillis(200));
    coordinator.expectNoMessage(Duration.ofMillis(200));

    again.replyTo().tell(new DenoiseWorker.DenoiseFailed(again.requestId(), "denoiser failed: " + OUT_OF_MEMORY));
    JobCoordinator.ParticleFailed failed =
        coordinator.expectMessageClass(JobCoordinator.ParticleFailed.class, Duration.ofSeconds(10));
    assertTrue(failed.reason().contains(OUT_OF_MEMORY), failed.reason());
  }

  /** Runs one particle's first step with {@code denoiser} behind a denoise worker, the only one, and a B-counting reward. */
  private static Trajectory firstStep(Denoiser denoiser) {
    ActorRef<DenoiseWorker.Command> denoiseWorker = KIT.spawn(DenoiseWorker.create(() -> denoiser,
        new BatchPolicy(16, 0, 1), new WorkerStats()));
    ActorRef<RewardWorker.Command> rewardWorker = KIT.spawn(RewardWorker.create(RewardOracles.only(designs ->
        CompletableFuture.completedFuture(designs.stream().map(d -> new Reward(java.util.Arrays.stream(
            ((TokenState) d).tokens()).filter(t -> t == 1).count(), "")).toList())), 4, new WorkerStats()));
    Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), Duration.ofMinutes(10));
    routing.denoisers().update(Set.of(denoiseWorker));
    routing.rewarders().updateAnyReward(Set.of(rewardWorker));
    TestProbe<JobCoordinator.Command> coordinator = KIT.createTestProbe();
    ActorRef<Particle.Command> particle = KIT.spawn(Particle.create("job", PLAN, PROCESS, StepsOnly.to(KIT, coordinator), routing));
    particle.tell(new Particle.Advance(PopulationStep.initial(PLAN, PROCESS).get(0)));
    JobCoordinator.Command heard = coordinator.receiveMessage(Duration.ofSeconds(20));
    KIT.stop(particle);
    return assertInstanceOf(JobCoordinator.StepDone.class, heard, () -> "the particle failed: " + heard).trajectory();
  }
}
