package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchPolicyTest {
  private final BatchPolicy policy = new BatchPolicy(64, 5_000_000, 16);

  @Test
  void rowsToRun_fullBatchQueued_runsMaxRowsAtOnce() {
    assertEquals(64, policy.rowsToRun(64, 0, false));
    assertEquals(64, policy.rowsToRun(200, 0, true));
  }

  @Test
  void rowsToRun_idleAndPartial_waitsUntilTheDelayRunsOut() {
    assertEquals(0, policy.rowsToRun(40, 4_999_999, false));
    assertEquals(40, policy.rowsToRun(40, 5_000_000, false));
  }

  @Test
  void rowsToRun_warm_runsWholeMicroBatchesAndKeepsThePartOne() {
    assertEquals(32, policy.rowsToRun(40, 0, true));
    assertEquals(0, policy.rowsToRun(15, 0, true));
    assertEquals(15, policy.rowsToRun(15, 5_000_000, true));
  }

  @Test
  void rowsToRun_emptyQueue_runsNothing() {
    assertEquals(0, policy.rowsToRun(0, 10_000_000, true));
  }

  @Test
  void constructor_badSettings_nameTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchPolicy(0, 1, 1));
    assertTrue(e.getMessage().startsWith("svdd.denoise.max-batch"));
    e = assertThrows(IllegalArgumentException.class, () -> new BatchPolicy(1, 1, 0));
    assertTrue(e.getMessage().startsWith("svdd.denoise.micro-batch"));
  }
}
