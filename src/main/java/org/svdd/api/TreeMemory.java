package org.svdd.api;

import java.util.Locale;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;

/**
 * Refuses a tree search whose tree would not fit in memory. The tree keeps every state of every rollout, N·M·T of
 * them, each 4 bytes a position (a token or a pixel) and about {@link #NODE_BYTES} more for its node; an image task's
 * states are ten times a sequence's, so the cap on states alone ({@link SamplingPlan#MAX_TREE_STATES}) would let a
 * job take more heap than a node has, and fail every node it moved to. A tree may take a quarter of the heap (other
 * jobs share the node); the service judges by its api node's heap, as its nodes are configured alike.
 */
public final class TreeMemory {
  private TreeMemory() {}

  /** A state's node, the state's object and array headers, its place in its parent's children (measured: 170-184). */
  static final long NODE_BYTES = 192;

  /** The share of the heap a tree may take. */
  static final int HEAP_SHARE = 4;

  /** Bytes the tree of {@code plan} keeps at the end, for states of {@code positions} positions; 0 for other methods. */
  public static long bytes(SamplingPlan plan, int positions) {
    if (plan.method() != Method.TREE) {
      return 0;
    }
    return states(plan) * stateBytes(positions);
  }

  private static long states(SamplingPlan plan) {
    return (long) plan.particles() * plan.candidates() * plan.steps();
  }

  /** A state of {@code positions} positions in the tree, with its node. */
  private static long stateBytes(int positions) {
    return 4L * positions + NODE_BYTES;
  }

  /**
   * {@link #check} against this JVM's heap, for states of {@code positions} positions; a plan whose states' size is
   * not known (0) is judged by the cap on states alone.
   */
  public static void checkHere(SamplingPlan plan, int positions) {
    if (positions > 0) {
      check(plan, positions, Runtime.getRuntime().maxMemory());
    }
  }

  /** Fails naming the estimate and what fits unless the tree of {@code plan} fits in a quarter of {@code maxHeap}. */
  public static void check(SamplingPlan plan, int positions, long maxHeap) {
    long bytes = bytes(plan, positions);
    if (bytes <= maxHeap / HEAP_SHARE) {
      return;
    }
    long fits = maxHeap / HEAP_SHARE / stateBytes(positions);
    double gib = 1L << 30; // as -Xmx counts
    throw new IllegalArgumentException(String.format(Locale.ROOT, "tree keeps every rollout's states: particles x "
        + "candidates x steps = %d states of %d positions, about %.1f GiB, more than a quarter of this node's %.1f GiB "
        + "heap; give at most %d states (fewer particles, candidates or steps), or more heap to every node "
        + "(SVDD_JAVA_OPTS=-Xmx%dg)", states(plan), positions, bytes / gib, maxHeap / gib, fits,
        (long) Math.ceil(HEAP_SHARE * bytes / gib) + 1));
  }
}
