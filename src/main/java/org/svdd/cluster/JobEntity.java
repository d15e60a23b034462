package org.svdd.cluster;

import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.Checkpoints;

/**
 * A job's coordinator as a cluster-sharded entity, keyed by job id and placed on a {@code coordinator}
 * node. It waits for the job's {@link JobCoordinator.Run} (and for this node to know workers of both
 * kinds), then becomes the {@link JobCoordinator}, which resumes from the job's checkpoints. If its
 * node dies, the shard moves to another coordinator node and the next Run starts it there.
 */
public final class JobEntity {
  public static final EntityTypeKey<JobCoordinator.Command> KEY =
      EntityTypeKey.create(JobCoordinator.Command.class, "svdd-job");
  private static final Duration WORKER_WAIT = Duration.ofMillis(500);

  private JobEntity() {}

  public static Behavior<JobCoordinator.Command> create(String jobId, DiffusionProcess process, Routing routing,
      Checkpoints checkpoints, int checkpointEvery, double maxFailureFraction) {
    return Behaviors.withTimers(timers -> Behaviors.receive(JobCoordinator.Command.class)
        .onMessage(JobCoordinator.Run.class, run -> {
          if (!routing.ready()) {
            timers.startSingleTimer(run, WORKER_WAIT);
            return Behaviors.same();
          }
          return JobCoordinator.create(
              new JobCoordinator.Job(jobId, run.plan(), checkpoints, checkpointEvery, maxFailureFraction),
              process, routing, run.client());
        })
        .onMessage(JobCoordinator.Cancel.class, cancel -> {
          JobCoordinator.Cancelled cancelled = new JobCoordinator.Cancelled("cancelled before it started");
          if (cancel.client() != null) {
            cancel.client().tell(cancelled);
          }
          return JobCoordinator.lingering(cancelled);
        })
        .build());
  }
}
