package org.svdd.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.SamplingPlan;

/**
 * Accepts jobs and starts a coordinator for each, handing it the denoise and reward workers the
 * Receptionist currently lists. Jobs that arrive before both kinds of worker are registered wait.
 */
public final class JobManager {

  public interface Command {}

  public record SubmitJob(SamplingPlan plan, ActorRef<JobCoordinator.Event> replyTo) implements Command, ClusterMessage {}

  private record WorkersChanged(Receptionist.Listing listing) implements Command {}

  private JobManager() {}

  public static Behavior<Command> create(DiffusionProcess process) {
    return Behaviors.withStash(1000, stash -> Behaviors.setup(context -> {
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, WorkersChanged::new);
      context.getSystem().receptionist().tell(Receptionist.subscribe(DenoiseWorker.KEY, listings));
      context.getSystem().receptionist().tell(Receptionist.subscribe(RewardWorker.KEY, listings));
      return new State(context, stash, process, List.of(), List.of(), 0).behavior();
    }));
  }

  private record State(ActorContext<Command> context, StashBuffer<Command> stash, DiffusionProcess process,
      List<ActorRef<DenoiseWorker.Command>> denoisers, List<ActorRef<RewardWorker.Command>> rewarders, long jobs) {

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(WorkersChanged.class, this::onWorkersChanged)
          .onMessage(SubmitJob.class, this::onSubmit)
          .build();
    }

    private Behavior<Command> onWorkersChanged(WorkersChanged m) {
      Receptionist.Listing listing = m.listing();
      if (listing.isForKey(DenoiseWorker.KEY)) {
        return withWorkers(sorted(listing.getServiceInstances(DenoiseWorker.KEY)), rewarders);
      }
      return withWorkers(denoisers, sorted(listing.getServiceInstances(RewardWorker.KEY)));
    }

    private Behavior<Command> withWorkers(List<ActorRef<DenoiseWorker.Command>> d, List<ActorRef<RewardWorker.Command>> r) {
      State next = new State(context, stash, process, d, r, jobs);
      return next.ready() ? stash.unstashAll(next.behavior()) : next.behavior();
    }

    private Behavior<Command> onSubmit(SubmitJob job) {
      if (!ready()) {
        stash.stash(job);
        return Behaviors.same();
      }
      context.spawn(JobCoordinator.create(job.plan(), process, denoisers, rewarders, job.replyTo()), "job-" + jobs);
      return new State(context, stash, process, denoisers, rewarders, jobs + 1).behavior();
    }

    private boolean ready() {
      return !denoisers.isEmpty() && !rewarders.isEmpty();
    }

    private static <T> List<ActorRef<T>> sorted(java.util.Set<ActorRef<T>> refs) {
      List<ActorRef<T>> list = new ArrayList<>(refs);
      list.sort(Comparator.comparing(ref -> ref.path().toString()));
      return List.copyOf(list);
    }
  }
}
