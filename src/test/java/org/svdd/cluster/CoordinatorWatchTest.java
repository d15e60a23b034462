package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.junit.jupiter.api.Test;
import org.svdd.cluster.serialization.WireCheck;
import org.svdd.cluster.serialization.WireFingerprint;

/**
 * A node whose jobs wait for the job shards' coordinator says so once, and once when it answers again: no member
 * with role coordinator, or the oldest one (which holds it) unreachable.
 */
class CoordinatorWatchTest {

  @Test
  void noCoordinatorMember_waits_andOneJoining_goesOn() {
    CoordinatorWatch.Verdict none = CoordinatorWatch.judge(List.of(), Set.of());
    assertTrue(none.waiting());
    assertTrue(none.line().startsWith("no cluster member has role coordinator: jobs wait"), none.line());
    CoordinatorWatch.Verdict back = CoordinatorWatch.judge(List.of("127.0.0.1:25521"), Set.of());
    assertFalse(back.waiting());
    assertEquals("the job shards' coordinator answers again, on 127.0.0.1:25521: waiting jobs go on", back.line());

    assertEquals(Optional.of(none.line()), CoordinatorWatch.change(null, none), "said at the first judgement");
    assertEquals(Optional.empty(), CoordinatorWatch.change(none, none), "and not again");
    assertEquals(Optional.of(back.line()), CoordinatorWatch.change(none, back));
    assertEquals(Optional.empty(), CoordinatorWatch.change(null, back), "nothing to say when all is well");
    assertEquals(Optional.empty(), CoordinatorWatch.change(back, back));
    assertEquals(Optional.of(none.line()), CoordinatorWatch.change(back, none));
  }

  @Test
  void theOldestCoordinatorUnreachable_waits_aYoungerOneDoesNot() {
    List<String> oldestFirst = List.of("127.0.0.1:25521", "127.0.0.1:25522");
    CoordinatorWatch.Verdict oldestAway = CoordinatorWatch.judge(oldestFirst, Set.of("127.0.0.1:25521"));
    assertTrue(oldestAway.waiting());
    assertEquals("cluster member 127.0.0.1:25521, which holds the job shards' coordinator, is unreachable: new jobs, "
        + "and those it ran, wait until it answers again or the cluster removes it", oldestAway.line());
    assertFalse(CoordinatorWatch.judge(oldestFirst, Set.of("127.0.0.1:25522")).waiting());
    assertFalse(CoordinatorWatch.judge(oldestFirst, Set.of("127.0.0.1:25520")).waiting(), "an api node away");

    CoordinatorWatch.Verdict removed = CoordinatorWatch.judge(List.of("127.0.0.1:25522"), Set.of("127.0.0.1:25522"));
    assertEquals(Optional.of(removed.line()), CoordinatorWatch.change(oldestAway, removed), "another reason to wait");
    CoordinatorWatch.Verdict none = CoordinatorWatch.judge(List.of(), Set.of());
    assertEquals(Optional.of(none.line()), CoordinatorWatch.change(removed, none));
  }

  @Test
  void anApiNode_saysOnceThatItsCoordinatorNodeLeft_andOnceThatOneIsBack() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    ActorSystem api = node("api");
    ActorSystem worker = null;
    ActorSystem second = null;
    try {
      Cluster.get(api).join(Cluster.get(api).selfAddress());
      Duration grace = Duration.ofSeconds(5);
      Adapter.spawn(api, CoordinatorWatch.create(lines::add, grace), "coordinator-watch");
      Thread.sleep(3 * CoordinatorWatch.SETTLE.toMillis()); // a worker node slower to start than the api node
      worker = join(node("coordinator"), api); // but within the grace
      Thread.sleep(grace.toMillis() + 2 * CoordinatorWatch.SETTLE.toMillis());
      assertEquals(List.of(), lines, "a worker up within the grace: nothing to say");

      Cluster.get(worker).leave(Cluster.get(worker).selfAddress());
      worker.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      await(lines, 1);
      assertTrue(lines.get(0).startsWith("no cluster member has role coordinator: jobs wait"), lines.toString());

      second = join(node("coordinator"), api);
      await(lines, 2);
      assertEquals("the job shards' coordinator answers again, on " + hostPort(second) + ": waiting jobs go on",
          lines.get(1));
      Thread.sleep(2 * CoordinatorWatch.SETTLE.toMillis());
      assertEquals(2, lines.size(), "each change said once: " + lines);
    } finally {
      for (ActorSystem system : new ActorSystem[] {second, worker, api}) {
        if (system != null) {
          system.terminate();
          system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** A plain Pekko node of this build with these cluster roles. */
  private static ActorSystem node(String roles) {
    return ActorSystem.create("svdd", ConfigFactory.parseString(WireCheck.KEY + " = \"" + WireFingerprint.CURRENT
        + "\"\npekko.cluster.roles = [" + roles + "]").withFallback(ConfigFactory.load()));
  }

  private static ActorSystem join(ActorSystem node, ActorSystem seed) {
    Cluster.get(node).join(Cluster.get(seed).selfAddress());
    return node;
  }

  private static String hostPort(ActorSystem node) {
    org.apache.pekko.actor.Address a = Cluster.get(node).selfAddress();
    return a.getHost().orElseThrow() + ":" + a.getPort().orElseThrow();
  }

  /** Waits up to 30 s for {@code count} lines. */
  private static void await(List<String> lines, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lines.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(lines.size() >= count, "expected " + count + " lines, got " + lines);
  }
}
