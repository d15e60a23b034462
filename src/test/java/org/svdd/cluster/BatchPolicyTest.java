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
  void rowsToRun_partialThatCannotFillInTime_runsAtOnce() {
    // warm, 4 of 16 queued, 5 ms of delay left: 12 more rows at 1 ms each would take 12 ms
    assertEquals(4, policy.rowsToRun(4, 0, true, 1_000_000));
    // at 0.1 ms per row they come in 1.2 ms: wait
    assertEquals(0, policy.rowsToRun(4, 0, true, 100_000));
    // idle with 40 queued, it waits for the micro-batch being filled: 8 more rows at 0.5 ms fit the
    // 5 ms, at 1 ms they do not; with 32 queued (no micro-batch partly filled) it waits for a whole batch
    assertEquals(0, policy.rowsToRun(40, 0, false, 500_000));
    assertEquals(40, policy.rowsToRun(40, 0, false, 1_000_000));
    assertEquals(0, policy.rowsToRun(32, 0, false, 100_000));
    assertEquals(32, policy.rowsToRun(32, 0, false, 200_000));
    // halfway through the delay, the same arrival rate no longer fills in time
    assertEquals(0, policy.rowsToRun(4, 0, true, 300_000));
    assertEquals(4, policy.rowsToRun(4, 2_500_000, true, 300_000));
  }

  @Test
  void rowsToRun_emptyQueue_runsNothing() {
    assertEquals(0, policy.rowsToRun(0, 10_000_000, true));
    assertEquals(0, policy.rowsToRun(0, 0, false, Long.MAX_VALUE));
  }

  @Test
  void constructor_badSettings_nameTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchPolicy(0, 1, 1));
    assertTrue(e.getMessage().startsWith("svdd.denoise.max-batch"));
    e = assertThrows(IllegalArgumentException.class, () -> new BatchPolicy(1, 1, 0));
    assertTrue(e.getMessage().startsWith("svdd.denoise.micro-batch"));
  }
}
