package org.svdd.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.svdd.core.method.SamplingPlan;

/**
 * Every node's front door for jobs. It sends each job to its coordinator entity (cluster sharding, on a
 * {@code coordinator} node anywhere) and, while the job is unfinished, sends its Run again every
 * {@code keepAlive}, so that a coordinator lost with its node starts again elsewhere and resumes from
 * its checkpoints. Events come back through a per-job relay that notices the end of the job.
 */
public final class JobManager {

  public interface Command {}

  /** Start a job; its events go to {@code replyTo}. */
  public record SubmitJob(String jobId, SamplingPlan plan, ActorRef<JobCoordinator.Event> replyTo)
      implements Command, ClusterMessage {}

  /** Stop a running job, for good: it is never run again, even if its coordinator's node dies meanwhile. */
  public record CancelJob(String jobId) implements Command, ClusterMessage {}

  /**
   * Stop following a job without stopping it (local only): another api node took it over, and its Runs carry
   * that node's relay. This node sends the job nothing more, and its relay stops.
   */
  record ReleaseJob(String jobId) implements Command {}

  private record JobEnded(String jobId) implements Command {}

  private enum KeepAlive implements Command {
    INSTANCE
  }

  private JobManager() {}

  public static Behavior<Command> create(ActorRef<ShardingEnvelope<JobCoordinator.Command>> jobs, Duration keepAlive) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(KeepAlive.INSTANCE, keepAlive);
      Map<String, JobCoordinator.Run> active = new HashMap<>();
      java.util.Set<String> cancelled = new java.util.HashSet<>();
      return Behaviors.receive(Command.class)
          .onMessage(SubmitJob.class, job -> {
            if (active.containsKey(job.jobId())) {
              job.replyTo().tell(new JobCoordinator.Failed("job " + job.jobId() + " was already submitted here"));
              return Behaviors.same();
            }
            ActorRef<JobCoordinator.Event> relay = context.spawnAnonymous(relay(job.jobId(), job.replyTo(), context));
            JobCoordinator.Run run = new JobCoordinator.Run(job.plan(), relay);
            active.put(job.jobId(), run);
            jobs.tell(new ShardingEnvelope<>(job.jobId(), run));
            return Behaviors.same();
          })
          .onMessage(CancelJob.class, cancel -> {
            JobCoordinator.Run run = active.get(cancel.jobId());
            if (run != null) {
              cancelled.add(cancel.jobId());
            }
            jobs.tell(new ShardingEnvelope<>(cancel.jobId(), new JobCoordinator.Cancel(run == null ? null : run.client())));
            return Behaviors.same();
          })
          .onMessage(ReleaseJob.class, release -> {
            JobCoordinator.Run run = active.remove(release.jobId());
            cancelled.remove(release.jobId());
            if (run != null) {
              context.stop(run.client());
            }
            return Behaviors.same();
          })
          .onMessage(JobEnded.class, ended -> {
            active.remove(ended.jobId());
            cancelled.remove(ended.jobId());
            return Behaviors.same();
          })
          .onMessageEquals(KeepAlive.INSTANCE, () -> {
            // a cancelled job is cancelled again, never run again, until its end is heard (a cancel
            // sent while its coordinator's node was dying would otherwise be lost)
            active.forEach((id, run) -> jobs.tell(new ShardingEnvelope<>(id,
                cancelled.contains(id) ? new JobCoordinator.Cancel(run.client()) : run)));
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** Forwards a job's events to its submitter (a Finished sent in parts, whole) and reports the job's end. */
  private static Behavior<JobCoordinator.Event> relay(String jobId, ActorRef<JobCoordinator.Event> client,
      ActorContext<Command> manager) {
    ActorRef<Command> self = manager.getSelf();
    java.util.Map<Integer, JobCoordinator.FinishedPart> parts = new java.util.TreeMap<>();
    return Behaviors.receive(JobCoordinator.Event.class)
        .onMessage(JobCoordinator.Event.class, event -> {
          if (event instanceof JobCoordinator.Progress) {
            client.tell(event);
            return Behaviors.same();
          }
          if (event instanceof JobCoordinator.FinishedPart part) {
            parts.put(part.offset(), part);
            int received = parts.values().stream().mapToInt(p -> p.samples().size()).sum();
            if (received < part.total()) {
              return Behaviors.same();
            }
            java.util.List<org.svdd.core.method.Sample> all = new java.util.ArrayList<>(part.total());
            parts.values().forEach(p -> all.addAll(p.samples()));
            event = new JobCoordinator.Finished(all, part.failedDesigns());
          }
          // the manager hears of the end first, so a client that resubmits on hearing it is not refused
          self.tell(new JobEnded(jobId));
          client.tell(event);
          return Behaviors.stopped();
        })
        .build();
  }
}
