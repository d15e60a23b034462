package org.svdd.cluster;

import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.svdd.cluster.JobCoordinator.Cancel;
import org.svdd.cluster.JobCoordinator.Command;
import org.svdd.cluster.JobCoordinator.Event;
import org.svdd.cluster.JobCoordinator.Progress;
import org.svdd.cluster.JobCoordinator.Run;

/**
 * A job that has ended, as its entity stays for a while: a late Run (a keep-alive in flight, or a restarted api node
 * asking again) or Cancel hears the same ending instead of starting the job over; then it stops.
 */
final class EndedJob {
  private EndedJob() {}

  /** How long an ended job answers late Runs with its ending. */
  static final Duration LINGER = Duration.ofSeconds(60);

  private enum Linger implements Command {
    INSTANCE
  }

  /** Answers late Runs and Cancels with {@code ending} for {@link #LINGER}, then stops. */
  static Behavior<Command> create(Event ending) {
    return create(null, ending);
  }

  /**
   * Answers late Runs and Cancels with the job's last progress ({@code last}, when there was one: a restarted api
   * node hears how much the job did) and {@code ending} for {@link #LINGER}, then stops.
   */
  static Behavior<Command> create(Progress last, Event ending) {
    return Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Linger.INSTANCE, LINGER);
      return Behaviors.receive(Command.class)
          .onMessage(Run.class, run -> {
            if (last != null) {
              run.client().tell(last);
            }
            JobCoordinator.deliver(run.client(), ending);
            return Behaviors.same();
          })
          .onMessage(Cancel.class, cancel -> {
            if (cancel.client() != null) {
              if (last != null) {
                cancel.client().tell(last);
              }
              JobCoordinator.deliver(cancel.client(), ending);
            }
            return Behaviors.same();
          })
          .onMessageEquals(Linger.INSTANCE, Behaviors::stopped)
          .onAnyMessage(m -> Behaviors.same())
          .build();
    });
  }
}
