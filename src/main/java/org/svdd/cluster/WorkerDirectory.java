package org.svdd.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/** Keeps a coordinator node's worker pools in step with the Receptionist's cluster-wide listings. */
public final class WorkerDirectory {
  private WorkerDirectory() {}

  public static Behavior<Receptionist.Listing> create(Routing routing) {
    return Behaviors.setup(context -> {
      ActorRef<Receptionist.Listing> self = context.getSelf();
      context.getSystem().receptionist().tell(Receptionist.subscribe(DenoiseWorker.KEY, self));
      context.getSystem().receptionist().tell(Receptionist.subscribe(RewardWorker.KEY, self));
      return Behaviors.receive(Receptionist.Listing.class)
          .onMessage(Receptionist.Listing.class, listing -> {
            if (listing.isForKey(DenoiseWorker.KEY)) {
              routing.denoisers().update(listing.getServiceInstances(DenoiseWorker.KEY));
            } else {
              routing.rewarders().update(listing.getServiceInstances(RewardWorker.KEY));
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
