package org.svdd.cluster;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;

/**
 * Answers what its node is doing now ({@link Load}), for people running the cluster: every node runs one,
 * registered with the Receptionist, and an api node asks them all when {@code svdd nodes} lists the cluster.
 */
public final class NodeReporter {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "node-reporter");

  private NodeReporter() {}

  public interface Command {}

  /** Asks for the node's {@link Load}. */
  public record Report(ActorRef<Result> replyTo) implements Command, ClusterMessage {}

  public sealed interface Result permits Load {}

  /**
   * One node's load.
   *
   * @param jobs jobs whose coordinator runs on the node now
   * @param queuedRows rows waiting at its denoise workers for a forward pass
   * @param rows rows its denoise workers have computed since it started
   * @param runningDesigns designs its reward worker has at the oracle, not yet answered
   * @param waitingDesigns designs waiting at its reward worker for room at the oracle
   * @param designs designs its reward worker has sent to the oracle since it started (caches answer some)
   * @param busySlots of its oracles' programs ({@link RewardOracle#slots}: RNAfold processes, docking slots), those
   *     working now
   * @param slots the programs of the oracles it has opened (at start for a node of {@code --reward}, else at a
   *     reward's first request); 0 where they run none
   * @param loadAverage the machine's load average over the last minute; negative where the system has none
   * @param cores the processors the node's JVM may use
   * @param oracles the oracle of each reward it has opened ({@link RewardOracle#identity}), this node named as the one
   *     that scores with it; none where it has opened none
   */
  public record Load(int jobs, int queuedRows, long rows, int runningDesigns, int waitingDesigns, long designs,
      int busySlots, int slots, double loadAverage, int cores, List<OracleUse> oracles)
      implements Result, ClusterMessage {
    public Load {
      oracles = List.copyOf(oracles);
    }
  }

  /**
   * A reporter reading {@code stats}, and {@code oracles}' slots and identities (null on a node without the reward
   * role).
   */
  static Behavior<Command> create(WorkerStats stats, RewardOracles oracles) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      String node = context.getSystem().address().hostPort(); // as a job names the node that scored it
      return Behaviors.receive(Command.class)
          .onMessage(Report.class, report -> {
            List<OracleUse> opened = oracles == null ? List.of() : oracles.identities().entrySet().stream()
                .map(e -> new OracleUse(e.getKey(), e.getValue(), node)).toList();
            report.replyTo().tell(stats.load(oracles == null ? RewardOracle.Slots.NONE : oracles.slots(), opened));
            return Behaviors.same();
          })
          .build();
    });
  }
}
