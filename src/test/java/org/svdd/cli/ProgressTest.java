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

  /** In a log, a bar is a few plain lines: one per interval while it runs and its last state when it closes. */
  @Test
  void lines_writeOneLinePerInterval_andTheLastStateAtClose() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(0);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ProgressLines lines = new ProgressLines(new PrintStream(log, true, StandardCharsets.UTF_8), 100, now::get);
    lines.accept("svdd   1% 1/100 ");
    now.set(60);
    lines.accept("svdd   2% 2/100");
    now.set(100);
    lines.accept("svdd   3% 3/100");
    now.set(150);
    lines.accept("svdd   4% 4/100");
    now.set(199);
    lines.accept("svdd   5% 5/100");
    now.set(200);
    lines.accept("svdd   6% 6/100");
    now.set(230);
    lines.accept("svdd 100% 100/100");
    lines.close();
    assertEquals(java.util.List.of("svdd   3% 3/100", "svdd   6% 6/100", "svdd 100% 100/100"),
        log.toString(StandardCharsets.UTF_8).lines().toList());
    assertFalse(log.toString(StandardCharsets.UTF_8).contains("\r"), "no carriage returns in a log");
  }

  /** The library renders a closing bar twice, the second time just after the first: one line, not two. */
  @Test
  void lines_aBarClosedRightAfterALine_writesItOnce() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(0);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ProgressLines lines = new ProgressLines(new PrintStream(log, true, StandardCharsets.UTF_8), 10, now::get);
    now.set(10);
    lines.accept("done 100%");
    now.set(11);
    lines.accept("done 100%");
    lines.close();
    assertEquals(java.util.List.of("done 100%"), log.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** Through the library, a line at every render: its closing renders still end in one full line. */
  @Test
  void lines_throughTheLibrary_endWithOneFullLine() throws InterruptedException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (me.tongfei.progressbar.ProgressBar bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("dock")
        .setInitialMax(4).setUpdateIntervalMillis(5)
        .setConsumer(new ProgressLines(new PrintStream(log, true, StandardCharsets.UTF_8), 0, System::nanoTime))
        .build()) {
      for (int i = 1; i <= 4; i++) {
        Thread.sleep(20);
        bar.stepTo(i);
      }
    }
    java.util.List<String> printed = log.toString(StandardCharsets.UTF_8).lines().toList();
    String last = printed.get(printed.size() - 1);
    assertTrue(last.contains("100%") && last.contains("4/4"), printed.toString());
    assertEquals(1, printed.stream().filter(last::equals).count(), "the closing line once: " + printed);
  }

  /** A real bar in lines form, through the progress bar library: short phases leave one finished line. */
  @Test
  void linesStyle_aShortPhase_leavesOneFinishedLine() {
    String before = System.getProperty("svdd.progress");
    System.setProperty("svdd.progress", "lines");
    try {
      for (int i = 0; i < 20; i++) { // closed at once, before the library's first update: still one line each
        try (me.tongfei.progressbar.ProgressBar bar = Progress.bar("svdd", 16)) {
          bar.stepTo(16);
        }
      }
    } finally {
      restore(before);
    }
    java.util.List<String> printed = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(20, printed.size(), printed.toString());
    assertTrue(printed.stream().allMatch(l -> l.startsWith("svdd 100%") && l.contains("16/16")), printed.toString());
  }

  /** A step waiting on a slow oracle moves no count for minutes: the bar still redraws, its clock running. */
  @Test
  void aBarWhoseCountStandsStill_keepsRedrawing() throws InterruptedException {
    String before = System.getProperty("svdd.progress");
    System.setProperty("svdd.progress", "bars");
    String whileWaiting;
    try (me.tongfei.progressbar.ProgressBar bar = Progress.bar("dock", 16)) {
      Thread.sleep(1_300);
      whileWaiting = err.toString(StandardCharsets.UTF_8);
      bar.stepTo(16);
    } finally {
      restore(before);
    }
    assertTrue(whileWaiting.chars().filter(c -> c == '\r').count() >= 3, "redrawn while nothing moved: " + whileWaiting);
    assertTrue(whileWaiting.contains("0:00:01"), "the elapsed time runs: " + whileWaiting);
  }

  @Test
  void offStyle_printsNothing_andAnUnknownStyleIsRefusedBeforeAnyCommand() {
    String before = System.getProperty("svdd.progress");
    System.setProperty("svdd.progress", "off");
    try (me.tongfei.progressbar.ProgressBar bar = Progress.bar("svdd", 16)) {
      bar.stepTo(16);
    } finally {
      restore(before);
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    System.setProperty("svdd.progress", "none");
    try {
      CliRunner.Result r = CliRunner.run("eval", "--fasta", "/nonexistent.fa");
      assertEquals(2, r.exitCode());
      assertEquals("svdd: progress style (SVDD_PROGRESS, or -Dsvdd.progress) must be one of bars, lines, off, got "
          + "'none'", r.err().strip());
    } finally {
      restore(before);
    }
  }

  private static void restore(String before) {
    if (before == null) {
      System.clearProperty("svdd.progress");
    } else {
      System.setProperty("svdd.progress", before);
    }
  }
}
