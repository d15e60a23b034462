package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a program's complaint is cut down to the one line a user reads, and how a program is killed. */
class ProgramRunTest {
  @Test
  void message_vinaParsingError_keepsTheErrorAndTheLineItQuotes() {
    String err = "\nPDBQT parsing error: Unknown or inappropriate tag found in rigid receptor.\n > ROOT\n\n";
    assertEquals("PDBQT parsing error: Unknown or inappropriate tag found in rigid receptor. > ROOT",
        ProgramRun.message(err));
  }

  @Test
  void message_bannerThenError_dropsWhatCameBeforeTheLastError() {
    String out = "AutoDock Vina v1.2.3\n####\nError: first\nComputing Vina grid ... done.\n"
        + "ERROR: The ligand is outside the grid box.\n";
    assertEquals("ERROR: The ligand is outside the grid box.", ProgramRun.message(out));
  }

  @Test
  void message_noErrorWord_isTheLastLine() {
    assertEquals("Segmentation fault", ProgramRun.message("Reading input ... done.\n  Segmentation fault  \n"));
  }

  @Test
  void message_nothingSaid_saysSo() {
    assertEquals("(no message)", ProgramRun.message(" \n\n"));
  }

  @Test
  void message_long_isCutTo300Characters() {
    String m = ProgramRun.message("error: " + "x".repeat(1000));
    assertEquals(300, m.length());
    assertTrue(m.startsWith("error: xxx") && m.endsWith("..."), m);
  }

  /**
   * A killed program and what it started are gone when the kill returns, even on a thread interrupted (a closing
   * oracle interrupts its slots before they kill their Vina), whose interrupt is kept.
   */
  @Test
  void kill_returnsWithTheProgramAndItsChildrenGone_evenWhenInterrupted() throws Exception {
    for (boolean interrupted : new boolean[] {false, true}) {
      Process program = new ProcessBuilder("sh", "-c", "sleep 613 & sleep 614 & wait").start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (program.descendants().count() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      java.util.List<ProcessHandle> children = program.descendants().toList();
      assertEquals(2, children.size(), "the program's two children started");
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      ProgramRun.kill(program);
      assertEquals(interrupted, Thread.interrupted(), "the interrupt kept (and cleared here)");
      assertTrue(!program.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive),
          "gone when the kill returned (interrupted: " + interrupted + ")");
    }
  }
}
