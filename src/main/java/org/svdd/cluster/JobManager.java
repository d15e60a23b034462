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

  /** Stop a running job; unknown or finished ids are ignored. */
  public record CancelJob(String jobId) implements Command, ClusterMessage {}

  private record JobEnded(String jobId) implements Command {}

  private enum KeepAlive implements Command {
    INSTANCE
  }

  private JobManager() {}

  public static Behavior<Command> create(ActorRef<ShardingEnvelope<JobCoordinator.Command>> jobs, Duration keepAlive) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(KeepAlive.INSTANCE, keepAlive);
      Map<String, JobCoordinator.Run> active = new HashMap<>();
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
            jobs.tell(new ShardingEnvelope<>(cancel.jobId(), JobCoordinator.Cancel.INSTANCE));
            return Behaviors.same();
          })
          .onMessage(JobEnded.class, ended -> {
            active.remove(ended.jobId());
            return Behaviors.same();
          })
          .onMessageEquals(KeepAlive.INSTANCE, () -> {
            active.forEach((id, run) -> jobs.tell(new ShardingEnvelope<>(id, run)));
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** Forwards a job's events to its submitter and reports the job's end to the manager. */
  private static Behavior<JobCoordinator.Event> relay(String jobId, ActorRef<JobCoordinator.Event> client,
      ActorContext<Command> manager) {
    ActorRef<Command> self = manager.getSelf();
    return Behaviors.receive(JobCoordinator.Event.class)
        .onMessage(JobCoordinator.Event.class, event -> {
          if (event instanceof JobCoordinator.Progress) {
            client.tell(event);
            return Behaviors.same();
          }
          // the manager hears of the end first, so a client that resubmits on hearing it is not refused
          self.tell(new JobEnded(jobId));
          client.tell(event);
          return Behaviors.stopped();
        })
        .build();
  }
}
