package org.svdd.cluster;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.SamplingPlan;

/**
 * A job's coordinator started alone, over workers a test chose, for tests that drive it message by message: the
 * coordinator and the probe that hears its events.
 */
record RunningCoordinator(ActorRef<JobCoordinator.Command> ref, TestProbe<JobCoordinator.Event> client) {

  /** Runs {@code plan} as job {@code jobId} over designs of two letters, A and B. */
  static RunningCoordinator start(ActorTestKit kit, String jobId, SamplingPlan plan, Routing routing) {
    TestProbe<JobCoordinator.Event> client = kit.createTestProbe();
    ActorRef<JobCoordinator.Command> coordinator = kit.spawn(JobCoordinator.create(
        new JobCoordinator.Job(jobId, plan, Checkpoints.NONE, 1), new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 2),
        routing, client.getRef(), () -> {}));
    coordinator.tell(new JobCoordinator.Run(plan, client.getRef()));
    return new RunningCoordinator(coordinator, client);
  }
}
