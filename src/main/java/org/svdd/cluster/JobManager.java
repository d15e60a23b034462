package org.svdd.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.SamplingPlan;

/**
 * Accepts jobs and starts a coordinator for each. Keeps this node's worker pools in step with the
 * Receptionist's listings of denoise and reward workers across the cluster; jobs that arrive before
 * both kinds of worker are known wait.
 */
public final class JobManager {

  public interface Command {}

  public record SubmitJob(SamplingPlan plan, ActorRef<JobCoordinator.Event> replyTo) implements Command, ClusterMessage {}

  private record WorkersChanged(Receptionist.Listing listing) implements Command {}

  private JobManager() {}

  public static Behavior<Command> create(DiffusionProcess process, Routing routing) {
    return Behaviors.withStash(1000, stash -> Behaviors.setup(context -> {
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, WorkersChanged::new);
      context.getSystem().receptionist().tell(Receptionist.subscribe(DenoiseWorker.KEY, listings));
      context.getSystem().receptionist().tell(Receptionist.subscribe(RewardWorker.KEY, listings));
      return new Running(context, stash, process, routing).behavior();
    }));
  }

  private static final class Running {
    private final ActorContext<Command> context;
    private final StashBuffer<Command> stash;
    private final DiffusionProcess process;
    private final Routing routing;
    private long jobs;

    Running(ActorContext<Command> context, StashBuffer<Command> stash, DiffusionProcess process, Routing routing) {
      this.context = context;
      this.stash = stash;
      this.process = process;
      this.routing = routing;
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(WorkersChanged.class, this::onWorkersChanged)
          .onMessage(SubmitJob.class, this::onSubmit)
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
      context.spawn(JobCoordinator.create(job.plan(), process, routing, job.replyTo()), "job-" + jobs++);
      return Behaviors.same();
    }
  }
}
