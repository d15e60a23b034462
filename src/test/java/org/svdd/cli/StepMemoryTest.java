package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.ValueEstimator;
import org.svdd.model.ModelFiles;

/** A step's children are estimated by what each holds, and a step that would not fit in half the heap is refused. */
class StepMemoryTest {
  private static final long GIB = 1L << 30;
  private static final ModelFiles.Description MOLECULES = ModelFiles.describe(Path.of("models/molecules"));
  private static final ModelFiles.Description FASHION = ModelFiles.describe(Path.of("models/fashion"));

  @Test
  void aChild_holdsItsState_itsPrediction_andItsCleanEstimates() {
    SamplingPlan svdd = SamplingPlan.of(Method.SVDD, 10, 4, 1, 50, 1);
    // 64 tokens of 4 bytes, twice (the child and its clean estimate), a prediction of 64 x 42 floats
    assertEquals(40 * (2 * 256 + 4 * 2688 + StepMemory.CHILD_OVERHEAD), StepMemory.bytes(svdd, MOLECULES));
    assertEquals(40 * (2 * 3136 + 4 * 784 + StepMemory.CHILD_OVERHEAD), StepMemory.bytes(svdd, FASHION));
    SamplingPlan rollouts = new SamplingPlan(Method.SVDD, 10, 4, 1, 50, 1, ValueEstimator.ROLLOUT, 8, 0.5,
        org.svdd.core.select.Resampler.SYSTEMATIC, org.svdd.core.method.GuidanceSchedule.EVERY_STEP);
    assertEquals(40 * (9 * 256 + 4 * 2688 + StepMemory.CHILD_OVERHEAD), StepMemory.bytes(rollouts, MOLECULES));
  }

  @Test
  void methodsThatDrawOneChildAtATime_holdNoStepOfChildren() {
    for (Method method : new Method[] {Method.SMC, Method.FK, Method.BEST_OF_N, Method.TREE, Method.PRETRAINED}) {
      assertEquals(0, StepMemory.bytes(SamplingPlan.of(method, 256, 256, 1, 4, 1), MOLECULES), method.label());
    }
  }

  @Test
  void aStepOverHalfTheHeap_isRefused_namingWhatFitsAndTheHeapToGive() {
    SamplingPlan big = SamplingPlan.of(Method.SVDD, 4096, 256, 1, 4, 1); // 1,048,576 children of 11,564 bytes
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> StepMemory.check(big, MOLECULES, 6 * GIB));
    assertEquals("svdd draws every particle's children at once: particles x candidates = 1048576 children a step, "
        + "each held with its prediction (2688 floats) and clean estimate, about 11.3 GiB, more than half of this "
        + "JVM's 6.0 GiB heap; give at most 278556 children (fewer particles or candidates), or more heap "
        + "(SVDD_JAVA_OPTS=-Xmx24g)", refused.getMessage());
    assertTrue(278556L * 11564 <= 3 * GIB && 278557L * 11564 > 3 * GIB, "the most that fit, exactly");
    // the service's limits (N 1024, M 64) fit a default node's heap
    assertDoesNotThrow(() -> StepMemory.check(SamplingPlan.of(Method.SVDD, 1024, 64, 1, 4, 1), MOLECULES, 6 * GIB));
    assertDoesNotThrow(() -> StepMemory.check(big, MOLECULES, 24 * GIB), "the heap it names is enough");
  }
}
