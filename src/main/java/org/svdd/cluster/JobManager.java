package org.svdd.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.SamplingPlan;

/**
 * Accepts jobs and starts a coordinator for each. Keeps this node's worker pools in step with the
 * Receptionist's listings of denoise and reward workers across the cluster; jobs that arrive before
 * both kinds of worker are known wait.
 */
public final class JobManager {

  public interface Command {}

  /** Start a job; its events go to {@code replyTo}. A job id already running is refused. */
  public record SubmitJob(String jobId, SamplingPlan plan, ActorRef<JobCoordinator.Event> replyTo)
      implements Command, ClusterMessage {}

  /** Stop a running job; unknown or finished ids are ignored. */
  public record CancelJob(String jobId) implements Command, ClusterMessage {}

  private record CoordinatorStopped(String jobId) implements Command {}

  private record WorkersChanged(Receptionist.Listing listing) implements Command {}

  private JobManager() {}

  public static Behavior<Command> create(DiffusionProcess process, Routing routing, Checkpoints checkpoints,
      int checkpointEvery) {
    return Behaviors.withStash(1000, stash -> Behaviors.setup(context -> {
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, WorkersChanged::new);
      context.getSystem().receptionist().tell(Receptionist.subscribe(DenoiseWorker.KEY, listings));
      context.getSystem().receptionist().tell(Receptionist.subscribe(RewardWorker.KEY, listings));
      return new Running(context, stash, process, routing, checkpoints, checkpointEvery).behavior();
    }));
  }

  private static final class Running {
    private final ActorContext<Command> context;
    private final StashBuffer<Command> stash;
    private final DiffusionProcess process;
    private final Routing routing;
    private final Checkpoints checkpoints;
    private final int checkpointEvery;
    private final java.util.Map<String, ActorRef<JobCoordinator.Command>> running = new java.util.HashMap<>();

    Running(ActorContext<Command> context, StashBuffer<Command> stash, DiffusionProcess process, Routing routing,
        Checkpoints checkpoints, int checkpointEvery) {
      this.context = context;
      this.stash = stash;
      this.process = process;
      this.routing = routing;
      this.checkpoints = checkpoints;
      this.checkpointEvery = checkpointEvery;
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(WorkersChanged.class, this::onWorkersChanged)
          .onMessage(SubmitJob.class, this::onSubmit)
          .onMessage(CancelJob.class, cancel -> {
            ActorRef<JobCoordinator.Command> coordinator = running.get(cancel.jobId());
            if (coordinator != null) {
              coordinator.tell(JobCoordinator.Cancel.INSTANCE);
            }
            return Behaviors.same();
          })
          .onMessage(CoordinatorStopped.class, stopped -> {
            running.remove(stopped.jobId());
            return Behaviors.same();
          })
          .build();
    }

    private Behavior<Command> onWorkersChanged(WorkersChanged m) {
      Receptionist.Listing listing = m.listing();
      if (listing.isForKey(DenoiseWorker.KEY)) {
        routing.denoisers().update(listing.getServiceInstances(DenoiseWorker.KEY));
      } else {
        routing.rewarders().update(listing.getServiceInstances(RewardWorker.KEY));
      }
      return routing.ready() ? stash.unstashAll(behavior()) : Behaviors.same();
    }

    private Behavior<Command> onSubmit(SubmitJob job) {
      if (!routing.ready()) {
        stash.stash(job);
        return Behaviors.same();
      }
      if (running.containsKey(job.jobId())) {
        job.replyTo().tell(new JobCoordinator.Failed("job " + job.jobId() + " is already running"));
        return Behaviors.same();
      }
      ActorRef<JobCoordinator.Command> coordinator = context.spawn(
          JobCoordinator.create(new JobCoordinator.Job(job.jobId(), job.plan(), checkpoints, checkpointEvery), process,
              routing, job.replyTo()),
          "job-" + java.net.URLEncoder.encode(job.jobId(), java.nio.charset.StandardCharsets.UTF_8));
      context.watchWith(coordinator, new CoordinatorStopped(job.jobId()));
      running.put(job.jobId(), coordinator);
      return Behaviors.same();
    }
  }
}
