package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;

class TreeMemoryTest {
  private static final long GB = 1L << 30;

  @Test
  void bytes_areEveryRolloutStateWithItsNode_forTreeSearchOnly() {
    SamplingPlan tree = SamplingPlan.of(Method.TREE, 8, 4, 0, 10, 1);
    assertEquals(320L * (4 * 784 + TreeMemory.NODE_BYTES), TreeMemory.bytes(tree, 784));
    assertEquals(0, TreeMemory.bytes(SamplingPlan.of(Method.SVDD, 8, 4, 0, 10, 1), 784), "svdd keeps no tree");
  }

  /** An image tree the state cap allows but no 6 GB heap holds is refused; the sequence tree of the same size fits. */
  @Test
  void check_refusesATreeOverAQuarterOfTheHeap_namingWhatFits() {
    SamplingPlan tree = SamplingPlan.of(Method.TREE, 64, 64, 0, 1000, 1); // 4,096,000 states, under the cap
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TreeMemory.check(tree, 784, 6 * GB));
    assertEquals("tree keeps every rollout's states: particles x candidates x steps = 4096000 states of 784 positions, "
        + "about 12.7 GiB, more than a quarter of this node's 6.0 GiB heap; give at most 483958 states (fewer particles, "
        + "candidates or steps), or more heap to every node (SVDD_JAVA_OPTS=-Xmx52g)", e.getMessage());
    TreeMemory.check(SamplingPlan.of(Method.TREE, 64, 64, 0, 100, 1), 76, 6 * GB);
  }

  @Test
  void check_takesATreeOfExactlyAQuarter_andRefusesOneByteMore() {
    SamplingPlan tree = SamplingPlan.of(Method.TREE, 2, 2, 0, 2, 1);
    long bytes = TreeMemory.bytes(tree, 10);
    TreeMemory.check(tree, 10, 4 * bytes);
    assertThrows(IllegalArgumentException.class, () -> TreeMemory.check(tree, 10, 4 * bytes - 4));
  }
}
