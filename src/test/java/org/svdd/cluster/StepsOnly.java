package org.svdd.cluster;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A coordinator for particle tests that look at steps and failures: what a particle tells it reaches {@code probe},
 * but for its running spend ({@link JobCoordinator.Spent}), told between steps as answers come.
 */
final class StepsOnly {
  private StepsOnly() {}

  static ActorRef<JobCoordinator.Command> to(ActorTestKit kit, TestProbe<JobCoordinator.Command> probe) {
    return kit.spawn(Behaviors.<JobCoordinator.Command>receiveMessage(heard -> {
      if (!(heard instanceof JobCoordinator.Spent)) {
        probe.getRef().tell(heard);
      }
      return Behaviors.same();
    }));
  }
}
