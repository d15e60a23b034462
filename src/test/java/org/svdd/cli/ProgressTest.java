package org.svdd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A delayed bar shows a slow phase's progress and keeps a quick phase silent. */
class ProgressTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void captureStandardError() {
    original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStandardError() {
    System.setErr(original);
  }

  @Test
  void aPhaseThatEndsBeforeTheDelay_printsNothing() {
    try (Progress.Delayed bar = new Progress.Delayed("judge", 10, 3_600_000)) {
      bar.stepBy(4);
      bar.doneSoFar(10);
      assertFalse(bar.shown());
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aPhaseStillRunningAtTheDelay_showsItsBar_andEndsItAtWhatWasDone() throws InterruptedException {
    Progress.Delayed bar = new Progress.Delayed("svdd: naturalness", 10, 0);
    try (bar) {
      bar.doneSoFar(3);
      for (int i = 0; i < 1000 && !bar.shown(); i++) {
        Thread.sleep(10);
      }
      assertTrue(bar.shown(), "the bar shows once the delay has passed");
      bar.doneSoFar(2); // a late, lower count from another thread does not move it back
      bar.stepBy(7);
    }
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("svdd: naturalness"), printed);
    String last = printed.substring(printed.lastIndexOf('\r') + 1);
    assertTrue(last.contains("100%") && last.contains("10/10"), "ends full: " + printed);
  }
}
