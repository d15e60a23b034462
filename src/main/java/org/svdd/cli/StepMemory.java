package org.svdd.cli;

import java.util.Locale;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.ValueEstimator;
import org.svdd.model.ModelFiles;

/**
 * Refuses a local run whose denoising step would not fit in memory. SVDD, SVDD-R and beam search draw every
 * particle's M children at once (the engine runs up to 4,096 particles together), and each child is held with its
 * denoiser prediction and its clean estimate until all are valued: N·M children a step, which at the local limits
 * (N 4,096, M 256) is a million, about 12 kB each for a molecule (a prediction of 64 positions by 42 symbols) and
 * 10 kB for an image. Measured on the bundled models (8,192 children, all distinct for images): 9.7 kB an image,
 * 8.9 and 2.6 kB a molecule and a tRNA where children that kept their parent's tokens share its prediction; the
 * estimate counts every child distinct. A step may take half of this JVM's heap: a one-shot run has it to itself.
 * Adaptive candidates spend M a step on average and are counted so; a step where values spread may draw more (up to
 * 256 a particle), which the other half of the heap has to absorb.
 */
final class StepMemory {
  private StepMemory() {}

  /** Object and array headers, and a child's place among the step's lists and maps. */
  static final long CHILD_OVERHEAD = 300;

  /** The share of the heap a step may take. */
  static final int HEAP_SHARE = 2;

  /** Bytes the children of one step of {@code plan} hold at once for a model of this {@code description}. */
  static long bytes(SamplingPlan plan, ModelFiles.Description description) {
    if (!plan.method().has(Method.Trait.SELECTS_AMONG_CHILDREN)) {
      return 0; // one child a particle (smc, fk), or trajectories drawn one child at a time (best-of-n, tree)
    }
    return children(plan) * childBytes(plan, description);
  }

  private static long children(SamplingPlan plan) {
    return (long) plan.particles() * plan.candidates();
  }

  /** A child state, its prediction and its clean estimates (one, or a rollout value's completions). */
  private static long childBytes(SamplingPlan plan, ModelFiles.Description description) {
    long state = 4L * description.process().length();
    int estimates = plan.value() == ValueEstimator.ROLLOUT ? Math.max(1, plan.rollouts()) : 1;
    return state * (1 + estimates) + 4L * description.predictionFloats() + CHILD_OVERHEAD;
  }

  /** Fails naming the estimate and what fits unless a step of {@code plan} fits in half of {@code maxHeap}. */
  static void check(SamplingPlan plan, ModelFiles.Description description, long maxHeap) {
    long bytes = bytes(plan, description);
    if (bytes <= maxHeap / HEAP_SHARE) {
      return;
    }
    double gib = 1L << 30; // as -Xmx counts
    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s draws every particle's children at once: "
        + "particles x candidates = %d children a step, each held with its prediction (%d floats) and clean estimate, "
        + "about %.1f GiB, more than half of this JVM's %.1f GiB heap; give at most %d children (fewer particles or "
        + "candidates), or more heap (SVDD_JAVA_OPTS=-Xmx%dg)", plan.method().label(), children(plan),
        description.predictionFloats(), bytes / gib, maxHeap / gib,
        maxHeap / HEAP_SHARE / childBytes(plan, description), (long) Math.ceil(HEAP_SHARE * bytes / gib) + 1));
  }
}
