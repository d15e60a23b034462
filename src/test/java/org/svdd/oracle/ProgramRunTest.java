package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a program's complaint is cut down to the one line a user reads. */
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
}
