package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A served node not yet in its cluster says so after a while and then now and then, naming its seeds; once up, no more. */
class NotJoinedYetTest {
  @Test
  void saysItHasNotJoinedYet_untilItIsUp() throws Exception {
    List<String> said = new CopyOnWriteArrayList<>();
    AtomicBoolean up = new AtomicBoolean();
    try (NotJoinedYet waiting = new NotJoinedYet("pekko://svdd@127.0.0.1:25521", List.of("127.0.0.1:25520"), up::get,
        said::add, Duration.ofMillis(200), Duration.ofMillis(200))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (said.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(said.size() >= 2, "said again while it has not joined: " + said);
      assertTrue(said.get(0).matches("node pekko://svdd@127\\.0\\.0\\.1:25521 is not in a cluster yet after \\d+ s: none "
          + "of its seed nodes \\(127\\.0\\.0\\.1:25520\\) has let it join; it keeps asking them \\(are they running, and "
          + "reachable from here\\?\\)"), said.get(0));
      up.set(true);
      while (!waiting.done() && System.nanoTime() < deadline + Duration.ofSeconds(10).toNanos()) {
        Thread.sleep(20);
      }
      assertTrue(waiting.done(), "it sees the node up and stops");
      int then = said.size();
      Thread.sleep(500);
      assertEquals(then, said.size(), "nothing once up: " + said);
    }
  }

  @Test
  void saysNothing_whenUpBeforeTheFirstWhile() throws Exception {
    List<String> said = new CopyOnWriteArrayList<>();
    try (NotJoinedYet waiting = new NotJoinedYet("n", List.of("s"), () -> true, said::add, Duration.ofMillis(50),
        Duration.ofMillis(50))) {
      Thread.sleep(400);
    }
    assertEquals(List.of(), said);
  }
}
