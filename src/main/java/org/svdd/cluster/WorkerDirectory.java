package org.svdd.cluster;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Keeps a coordinator node's worker pools in step with the Receptionist's cluster-wide listings: the
 * denoise workers, the reward workers for any reward, and those for each reward a job has asked for.
 */
public final class WorkerDirectory {
  private WorkerDirectory() {}

  public interface Command {}

  private record Listed(Receptionist.Listing listing) implements Command {}

  private record WatchReward(String reward) implements Command {}

  public static Behavior<Command> create(Routing routing) {
    return Behaviors.setup(context -> {
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, Listed::new);
      ActorRef<Receptionist.Command> receptionist = context.getSystem().receptionist();
      receptionist.tell(Receptionist.subscribe(DenoiseWorker.KEY, listings));
      receptionist.tell(Receptionist.subscribe(RewardWorker.KEY, listings));
      ActorRef<Command> self = context.getSelf();
      routing.rewarders().subscribeWith(reward -> self.tell(new WatchReward(reward)));
      Set<String> watched = new HashSet<>();
      return Behaviors.receive(Command.class)
          .onMessage(WatchReward.class, watch -> {
            if (watched.add(watch.reward())) {
              receptionist.tell(Receptionist.subscribe(RewardWorker.keyFor(watch.reward()), listings));
            }
            return Behaviors.same();
          })
          .onMessage(Listed.class, listed -> {
            Receptionist.Listing listing = listed.listing();
            String reward = RewardWorker.rewardOf(listing.getKey());
            if (listing.isForKey(DenoiseWorker.KEY)) {
              routing.denoisers().update(listing.getServiceInstances(DenoiseWorker.KEY));
            } else if (listing.isForKey(RewardWorker.KEY)) {
              routing.rewarders().updateAnyReward(listing.getServiceInstances(RewardWorker.KEY));
            } else if (reward != null) {
              routing.rewarders().updateReward(reward, listing.getServiceInstances(RewardWorker.keyFor(reward)));
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
