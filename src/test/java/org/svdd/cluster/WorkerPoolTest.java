package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void acquire_picksTheWorkerWithFewestRequestsInFlight() {
    ActorRef<String> a = testKit.<String>createTestProbe().ref();
    ActorRef<String> b = testKit.<String>createTestProbe().ref();
    WorkerPool<String> pool = new WorkerPool<>();
    pool.update(Set.of(a, b));
    ActorRef<String> first = pool.acquire(null).orElseThrow();
    ActorRef<String> second = pool.acquire(null).orElseThrow();
    assertNotEquals(first, second, "the idle worker is chosen over the busy one");
    pool.acquire(null);
    pool.release(first);
    pool.release(first);
    assertEquals(first, pool.acquire(null).orElseThrow(), "released capacity is used first");
  }

  @Test
  void acquire_avoidsTheWorkerThatFailedWhenThereIsAChoice() {
    ActorRef<String> a = testKit.<String>createTestProbe().ref();
    ActorRef<String> b = testKit.<String>createTestProbe().ref();
    WorkerPool<String> pool = new WorkerPool<>();
    pool.update(Set.of(a, b));
    pool.acquire(null);
    pool.acquire(null);
    pool.acquire(null);
    for (int i = 0; i < 5; i++) {
      assertEquals(b, pool.acquire(a).orElseThrow());
    }
    pool.update(Set.of(a));
    assertEquals(a, pool.acquire(a).orElseThrow(), "with no choice the avoided worker is still used");
  }

  @Test
  void acquire_emptyPool_findsNobody() {
    WorkerPool<String> pool = new WorkerPool<>();
    assertTrue(pool.acquire(null).isEmpty());
    pool.update(Set.of(testKit.<String>createTestProbe().ref()));
    assertEquals(1, pool.size());
    pool.update(Set.of());
    assertTrue(pool.acquire(null).isEmpty(), "a worker that left the listing is no longer chosen");
  }
}
