package org.svdd.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Says once, not five times a second, when this node's jobs wait for the job shards' coordinator: no reachable
 * cluster member has the coordinator role, or the oldest one, which holds it (a cluster singleton), is unreachable
 * until the cluster removes it; and once when it is reachable again. Pekko's job region says the first every time it
 * asks for its coordinator (every {@code sharding.retry-interval}, 200 ms here); its warnings are off in
 * simplelogger.properties. Judged a second after the membership last changed, so a node joining a running cluster,
 * which hears of its members one by one, says nothing; first judged {@link #GRACE} after this node is up, so the api
 * node of a cluster starting together does not report the worker nodes still starting beside it.
 */
final class CoordinatorWatch {
  static final Duration SETTLE = Duration.ofSeconds(1);
  static final Duration GRACE = Duration.ofSeconds(15);

  private CoordinatorWatch() {}

  interface Command {}

  private record Changed(ClusterEvent.ClusterDomainEvent event) implements Command {}

  private enum Judge implements Command { NOW }

  /** Whether jobs wait for the shard coordinator, and the line that says so (or that they go on). */
  record Verdict(boolean waiting, String line) {}

  /**
   * @param coordinators the members with role coordinator, by host:port, oldest first
   * @param unreachable the members this node cannot reach
   */
  static Verdict judge(List<String> coordinators, Set<String> unreachable) {
    if (coordinators.isEmpty()) {
      return new Verdict(true, "no cluster member has role coordinator: jobs wait until one joins (a node started "
          + "with roles coordinator,denoiser,reward)");
    }
    String oldest = coordinators.get(0);
    if (unreachable.contains(oldest)) {
      return new Verdict(true, "cluster member " + oldest + ", which holds the job shards' coordinator, is unreachable: "
          + "new jobs, and those it ran, wait until it answers again or the cluster removes it");
    }
    return new Verdict(false, "the job shards' coordinator answers again, on " + oldest + ": waiting jobs go on");
  }

  /**
   * The line to log when the verdict is {@code now} and was {@code before} (null before the first), if any: each new
   * reason to wait (a coordinator member unreachable, then removed), and the end of the wait.
   */
  static Optional<String> change(Verdict before, Verdict now) {
    boolean say = now.waiting() ? before == null || !before.line().equals(now.line())
        : before != null && before.waiting();
    return say ? Optional.of(now.line()) : Optional.empty();
  }

  /** {@link #judge} of the members with the coordinator role and those unreachable from here. */
  static Verdict judgeMembers(java.util.Collection<Member> coordinators, java.util.Collection<Member> unreachable) {
    List<String> oldestFirst = coordinators.stream()
        .sorted((a, b) -> a.isOlderThan(b) ? -1 : b.isOlderThan(a) ? 1 : 0)
        .map(CoordinatorWatch::hostPort).toList();
    Set<String> away = new HashSet<>();
    unreachable.forEach(m -> away.add(hostPort(m)));
    return judge(oldestFirst, away);
  }

  private static String hostPort(Member m) {
    return m.address().getHost().orElse("?") + ":" + m.address().getPort().map(String::valueOf).orElse("?");
  }

  /** Logs each line as a warning. */
  static Behavior<Command> create() {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CoordinatorWatch.class);
    return create(log::warn, GRACE);
  }

  /**
   * @param say receives each line to log
   * @param grace how long after this node is up the first judgement waits
   */
  static Behavior<Command> create(Consumer<String> say, Duration grace) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Cluster cluster = Cluster.get(context.getSystem());
      ActorRef<ClusterEvent.ClusterDomainEvent> events =
          context.messageAdapter(ClusterEvent.ClusterDomainEvent.class, Changed::new);
      cluster.subscriptions().tell(Subscribe.create(events.narrow(), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(events.narrow(), ClusterEvent.ReachabilityEvent.class));
      Set<Member> coordinators = new HashSet<>();
      Set<Member> unreachable = new HashSet<>();
      Verdict[] before = {null};
      return Behaviors.receive(Command.class)
          .onMessage(Changed.class, changed -> {
            ClusterEvent.ClusterDomainEvent event = changed.event();
            if (event instanceof ClusterEvent.MemberUp up && up.member().hasRole(Roles.COORDINATOR)) {
              coordinators.add(up.member());
            } else if (event instanceof ClusterEvent.MemberRemoved || event instanceof ClusterEvent.MemberDowned) {
              Member gone = ((ClusterEvent.MemberEvent) event).member();
              coordinators.remove(gone);
              unreachable.remove(gone);
            } else if (event instanceof ClusterEvent.UnreachableMember u) {
              unreachable.add(u.member());
            } else if (event instanceof ClusterEvent.ReachableMember r) {
              unreachable.remove(r.member());
            }
            if (cluster.selfMember().status() == MemberStatus.up()) {
              if (before[0] == null && !timers.isTimerActive(Judge.NOW)) {
                timers.startSingleTimer(Judge.NOW, grace);
              } else if (before[0] != null) {
                timers.startSingleTimer(Judge.NOW, SETTLE);
              }
            }
            return Behaviors.same();
          })
          .onMessageEquals(Judge.NOW, () -> {
            Verdict now = judgeMembers(coordinators, unreachable);
            change(before[0], now).ifPresent(say);
            before[0] = now;
            return Behaviors.same();
          })
          .build();
    }));
  }
}
