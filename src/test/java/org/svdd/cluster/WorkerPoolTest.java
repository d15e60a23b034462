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

  private static ActorRef<String> worker() {
    return testKit.<String>createTestProbe().ref();
  }

  @SafeVarargs
  private static WorkerPool<String> poolOf(ActorRef<String>... workers) {
    WorkerPool<String> pool = new WorkerPool<>();
    pool.update(Set.of(workers));
    return pool;
  }

  @Test
  void acquire_picksTheWorkerWithFewestRequestsInFlight() {
    ActorRef<String> a = worker();
    ActorRef<String> b = worker();
    WorkerPool<String> pool = poolOf(a, b);
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
    ActorRef<String> a = worker();
    ActorRef<String> b = worker();
    WorkerPool<String> pool = poolOf(a, b);
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

  @Test
  void spread_sharesOneRequestAmongIdleWorkers_andCountsEachShareUntilReleased() {
    ActorRef<String> a = worker();
    ActorRef<String> b = worker();
    WorkerPool<String> pool = poolOf(a, b);
    java.util.List<WorkerPool.Share<String>> shares = pool.spread(ones(5));
    assertEquals(2, shares.size(), "both idle workers take a part: " + shares);
    assertEquals(5, shares.stream().mapToInt(WorkerPool.Share::units).sum());
    assertEquals(java.util.Set.of(2, 3), java.util.Set.of(shares.get(0).units(), shares.get(1).units()), "evenly");
    for (WorkerPool.Share<String> share : shares) {
      assertEquals(share.units(), pool.load(share.worker()), "a share counts as in flight");
      pool.release(share.worker(), share.units());
      assertEquals(0, pool.load(share.worker()));
    }
  }

  @Test
  void spread_givesAnIdleWorkerWhatABusyOneWouldQueue() {
    ActorRef<String> a = worker();
    ActorRef<String> b = worker();
    WorkerPool<String> pool = poolOf(a, b);
    ActorRef<String> busy = pool.acquire(null, 4).orElseThrow();
    ActorRef<String> idle = busy.equals(a) ? b : a;
    java.util.List<WorkerPool.Share<String>> shares = pool.spread(ones(4));
    assertEquals(java.util.List.of(new WorkerPool.Share<>(idle, java.util.List.of(0, 1, 2, 3), 4)), shares,
        "four designs on the idle worker even out four in flight at the busy one");
    java.util.List<WorkerPool.Share<String>> next = pool.spread(ones(2));
    assertEquals(2, next.size(), "now level, the next request is shared: " + next);
  }

  @Test
  void spread_oneWorkerTakesAll_noWorkerTakesNothing() {
    WorkerPool<String> pool = new WorkerPool<>();
    assertTrue(pool.spread(ones(3)).isEmpty());
    ActorRef<String> a = testKit.<String>createTestProbe().ref();
    pool.update(Set.of(a));
    assertEquals(java.util.List.of(new WorkerPool.Share<>(a, java.util.List.of(0, 1), 3)),
        pool.spread(java.util.List.of(2, 1)));
  }

  @Test
  void spread_givesEachGroupWhole_toTheWorkerThatIsLeastLoadedWithTheGroupsBefore() {
    ActorRef<String> a = worker();
    ActorRef<String> b = worker();
    WorkerPool<String> pool = poolOf(a, b);
    java.util.List<WorkerPool.Share<String>> shares = pool.spread(java.util.List.of(3, 1, 1, 1));
    assertEquals(2, shares.size(), "" + shares);
    WorkerPool.Share<String> big = shares.stream().filter(sh -> sh.groups().contains(0)).findFirst().orElseThrow();
    WorkerPool.Share<String> rest = shares.get(0) == big ? shares.get(1) : shares.get(0);
    assertEquals(java.util.List.of(0), big.groups(), "the group of three, whole, alone");
    assertEquals(java.util.List.of(1, 2, 3), rest.groups(), "the three single designs level the other worker with it");
    assertEquals(3, pool.load(big.worker()));
    assertEquals(3, pool.load(rest.worker()));
  }

  @Test
  void aWorkerSetAside_isChosenAfterEveryOther_untilItsTimeIsUp() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(5);
    ActorRef<String> failing = worker();
    ActorRef<String> healthy = worker();
    WorkerPool<String> pool = new WorkerPool<>(now::get);
    pool.update(Set.of(failing, healthy));
    pool.setAside(failing);
    pool.acquire(null, 50);
    assertEquals(50, pool.load(healthy), "the healthy worker took the first request");
    assertEquals(healthy, pool.acquire(null).orElseThrow(), "a loaded healthy worker is still chosen first");
    assertEquals(java.util.List.of(new WorkerPool.Share<>(healthy, java.util.List.of(0, 1, 2), 3)),
        pool.spread(ones(3)), "a spread request leaves the failing worker out");
    now.addAndGet(WorkerPool.SET_ASIDE.toNanos() + 1);
    assertEquals(failing, pool.acquire(null).orElseThrow(), "its time up, the idle worker is chosen again");
  }

  @Test
  void aWorkerSetAside_isStillChosen_whenEveryOtherIsSetAsideOrAvoided() {
    ActorRef<String> a = worker();
    ActorRef<String> b = worker();
    WorkerPool<String> pool = poolOf(a, b);
    pool.setAside(a);
    assertEquals(a, pool.acquire(b).orElseThrow(), "set aside ranks before avoided");
    pool.setAside(b);
    pool.acquire(null, 10);
    ActorRef<String> busy = pool.load(a) > 1 ? a : b;
    assertNotEquals(busy, pool.acquire(null).orElseThrow(), "among workers all set aside, load decides");
    pool.update(Set.of(a));
    assertEquals(a, pool.acquire(null).orElseThrow(), "alone, a worker set aside is still used");
  }

  @Test
  void aWorkerThatLeavesAndComesBack_isNoLongerSetAside() {
    ActorRef<String> a = worker();
    ActorRef<String> b = worker();
    WorkerPool<String> pool = poolOf(a, b);
    pool.setAside(a);
    pool.update(Set.of(b));
    pool.update(Set.of(a, b));
    pool.acquire(a, 3);
    assertEquals(3, pool.load(b));
    assertEquals(a, pool.acquire(null).orElseThrow(), "back in the listing, it is an idle worker like any other");
  }

  private static java.util.List<Integer> ones(int n) {
    return java.util.Collections.nCopies(n, 1);
  }

  @Test
  void stopped_leavesThePoolAtOnce_andStaysOutWhileAStaleListingNamesIt() {
    ActorRef<String> a = worker();
    ActorRef<String> b = worker();
    WorkerPool<String> pool = poolOf(a, b);
    pool.stopped(a);
    assertEquals(1, pool.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(b, pool.acquire(a).orElseThrow(), "only the live worker is chosen, even the avoided one");
    }
    pool.update(Set.of(a, b)); // the listing has not heard yet
    assertEquals(1, pool.size());
    assertEquals(b, pool.acquire(null).orElseThrow());
    pool.stopped(b);
    assertTrue(pool.acquire(null).isEmpty(), "no live worker: the request waits for one rather than go to a dead one");
    pool.update(Set.of(b));
    pool.update(Set.of(a, b)); // a listing without a, then one naming it again: a was forgotten in between
    assertEquals(1, pool.size());
    assertEquals(a, pool.acquire(null).orElseThrow());
  }
}
