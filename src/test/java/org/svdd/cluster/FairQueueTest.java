package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairQueueTest {

  private static List<String> drain(FairQueue<String> q, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(q.poll());
    }
    return out;
  }

  @Test
  void keysTakeTurns_aSmallJobIsNotHeldBackByALargeOne() {
    FairQueue<String> q = new FairQueue<>();
    for (int i = 0; i < 1000; i++) {
      q.add("large", "L" + i);
    }
    q.add("small", "s0");
    q.add("small", "s1");
    assertEquals(1002, q.size());
    assertEquals(2, q.keys());
    assertEquals(List.of("L0", "s0", "L1", "s1", "L2", "L3"), drain(q, 6));
    assertEquals(1, q.keys());
    assertEquals(0, q.size("small"));
    assertEquals(996, q.size("large"));
  }

  @Test
  void remove_dropsOneKeysItems_andTheOthersKeepTheirTurns() {
    FairQueue<String> q = new FairQueue<>();
    q.add("a", "a0");
    q.add("b", "b0");
    q.add("b", "b1");
    q.add("c", "c0");
    assertEquals(2, q.remove("b"));
    assertEquals(0, q.remove("b"));
    assertEquals(0, q.remove("never"));
    assertEquals(2, q.size());
    assertEquals(2, q.keys());
    assertEquals(List.of("a0", "c0"), drain(q, 2));
    assertNull(q.poll());
    q.add("b", "b2");
    assertEquals(List.of("b2"), drain(q, 1), "a removed key that comes back is queued afresh");
  }

  @Test
  void aKeyThatComesBack_joinsTheEndOfTheTurns() {
    FairQueue<String> q = new FairQueue<>();
    q.add("a", "a0");
    q.add("a", "a1");
    q.add("b", "b0");
    assertEquals(List.of("a0", "b0"), drain(q, 2));
    q.add("c", "c0");
    q.add("b", "b1");
    assertEquals(List.of("a1", "c0", "b1"), drain(q, 3));
    assertNull(q.poll());
    assertEquals(0, q.size());
  }

  @Test
  void withinAKey_itemsLeaveInArrivalOrder() {
    FairQueue<Integer> q = new FairQueue<>();
    for (int i = 0; i < 50; i++) {
      q.add(i % 3 == 0 ? "x" : "y", i);
    }
    List<Integer> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (Integer v; (v = q.poll()) != null; ) {
      (v % 3 == 0 ? x : y).add(v);
    }
    assertEquals(x.stream().sorted().toList(), x);
    assertEquals(y.stream().sorted().toList(), y);
    assertEquals(17, x.size());
  }
}
