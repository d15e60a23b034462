package org.svdd.cluster;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.StoreUnavailableException;
import org.svdd.core.reward.Failures;

/**
 * A job's coordinator as a cluster-sharded entity, keyed by job id and placed on a {@code coordinator}
 * node. It waits for the job's {@link JobCoordinator.Run} (and for this node to know workers of both
 * kinds), then runs the {@link JobCoordinator} as its child, which resumes from the job's checkpoints.
 * If its node dies, the shard moves to another coordinator node and the next Run starts it there.
 * A Cancel that arrives first is kept: every later Run is answered with Cancelled. A coordinator that
 * throws ends the job as Failed with the cause, once, instead of being restarted by every keep-alive. What the job
 * resumes from is read before the coordinator starts: while the job store does not answer, the Run waits (any
 * other failure to read it fails the coordinator, and so the job, as before).
 */
public final class JobEntity {
  public static final EntityTypeKey<JobCoordinator.Command> KEY =
      EntityTypeKey.create(JobCoordinator.Command.class, "svdd-job");
  /** A job whose workers are not listed yet looks again after 50 ms, doubling up to a second. */
  private static final Duration FIRST_WORKER_WAIT = Duration.ofMillis(50);
  private static final Duration MAX_WORKER_WAIT = Duration.ofSeconds(1);
  /** A job whose checkpoints cannot be read looks again after 250 ms, doubling up to 5 s. */
  private static final Duration FIRST_STORE_WAIT = Duration.ofMillis(250);
  private static final Duration MAX_STORE_WAIT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(JobEntity.class);

  private JobEntity() {}

  public static Behavior<JobCoordinator.Command> create(String jobId, DiffusionProcess process, Routing routing,
      Checkpoints checkpoints, int checkpointEvery, double maxFailureFraction, WorkerStats stats) {
    Duration[] wait = {FIRST_WORKER_WAIT};
    Duration[] storeWait = {FIRST_STORE_WAIT};
    return Behaviors.withTimers(timers -> Behaviors.receive(JobCoordinator.Command.class)
        .onMessage(JobCoordinator.Run.class, run -> {
          if (!routing.ready(run.plan())) {
            timers.startSingleTimer(run, wait[0]);
            wait[0] = doubled(wait[0], MAX_WORKER_WAIT);
            return Behaviors.same();
          }
          Checkpoints resume;
          try {
            resume = ResumePoint.read(checkpoints, jobId);
          } catch (StoreUnavailableException e) {
            LOG.warn("job {}: cannot read its checkpoints ({}); trying again in {} ms", jobId, e.getMessage(),
                storeWait[0].toMillis());
            timers.startSingleTimer(run, storeWait[0]);
            storeWait[0] = doubled(storeWait[0], MAX_STORE_WAIT);
            return Behaviors.same();
          } catch (RuntimeException e) {
            resume = checkpoints; // the coordinator reads them again, and fails the job with the cause
          }
          JobCoordinator.Job job = new JobCoordinator.Job(jobId, run.plan(), resume, checkpointEvery,
              maxFailureFraction);
          return Behaviors.setup(context -> {
            stats.coordinatorStarted();
            java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
            Runnable uncount = () -> {
              if (counted.getAndSet(false)) {
                stats.coordinatorStopped();
              }
            };
            ActorRef<JobCoordinator.Command> coordinator =
                context.spawn(JobCoordinator.create(job, process, routing, run.client(), uncount), "coordinator");
            context.watch(coordinator);
            return running(coordinator, run.client(), uncount);
          });
        })
        .onMessage(JobCoordinator.Cancel.class, cancel -> {
          JobCoordinator.Cancelled cancelled = new JobCoordinator.Cancelled(
              "cancelled before its coordinator started (a new job, or one resuming after its node was lost)");
          if (cancel.client() != null) {
            cancel.client().tell(cancelled);
          }
          return EndedJob.create(cancelled);
        })
        .build());
  }

  private static Duration doubled(Duration wait, Duration max) {
    Duration twice = wait.multipliedBy(2);
    return twice.compareTo(max) > 0 ? max : twice;
  }

  /**
   * Forwards the job's commands to its coordinator; ends the job if the coordinator fails. {@code uncount} takes the
   * job off its node's load if its coordinator stops before it ends the job.
   */
  private static Behavior<JobCoordinator.Command> running(ActorRef<JobCoordinator.Command> coordinator,
      ActorRef<JobCoordinator.Event> client, Runnable uncount) {
    return Behaviors.receive(JobCoordinator.Command.class)
        .onMessage(JobCoordinator.Run.class, run -> {
          coordinator.tell(run);
          return running(coordinator, run.client(), uncount);
        })
        .onMessage(JobCoordinator.Command.class, command -> {
          coordinator.tell(command);
          return Behaviors.same();
        })
        .onSignal(ChildFailed.class, failed -> {
          uncount.run();
          JobCoordinator.Failed ending = new JobCoordinator.Failed("job coordinator failed: " + Failures.describe(failed.cause()));
          client.tell(ending);
          return EndedJob.create(ending);
        })
        .onSignal(Terminated.class, stopped -> {
          uncount.run();
          return Behaviors.stopped();
        })
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, stopped -> {
          uncount.run(); // the entity stopped with its coordinator (its node leaving, its shard handed over)
          return Behaviors.same();
        })
        .build();
  }
}
