package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's docking target is refused before any dock when Vina could not use it (real Vina, Abl from Debian). */
class ReceptorCheckTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final double[] ABL_CENTRE = {11, 90.5, 57.5};
  private static final double[] ABL_SIZE = {22, 24, 28};
  @TempDir static Path dir;
  private static Path abl;

  @BeforeAll
  static void unpackAbl() throws IOException {
    abl = dir.resolve("abl.pdbqt");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(
        Path.of("/usr/share/doc/autodock-vina/test-data/protein.pdbqt.gz")))) {
      Files.copy(in, abl);
    }
  }

  @Test
  void check_ablWithItsBox_passes() {
    assertDoesNotThrow(() -> ReceptorCheck.check(new VinaOracle.Target("abl", abl, ABL_CENTRE, ABL_SIZE), "vina", MINUTE));
  }

  @Test
  void check_boxBesideTheProtein_namesWhereTheAtomsAre() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReceptorCheck.check(
        new VinaOracle.Target("abl", abl, new double[] {1, 2, 3.5}, new double[] {20, 20, 20}), "vina", MINUTE));
    assertEquals("the docking box centred at (1, 2, 3.5) Å with size (20, 20, 20) Å holds none of the 2702 atoms of "
        + "receptor " + abl + ", which lie within x -9.4..42.3, y 58.1..121.8, z 38.6..82.9 Å; centre the box on the "
        + "binding site", e.getMessage());
  }

  @Test
  void checkBox_oneAtomJustInside_passes() throws IOException {
    Path one = Files.writeString(dir.resolve("one.pdbqt"),
        "ATOM      1  C   ALA A   1      10.000   0.000   0.000  0.00  0.00    +0.000 C \n");
    assertDoesNotThrow(() -> ReceptorCheck.checkBox(
        new VinaOracle.Target("one", one, new double[] {0, 0, 0}, new double[] {20, 1, 1})));
    assertThrows(IllegalArgumentException.class, () -> ReceptorCheck.checkBox(
        new VinaOracle.Target("one", one, new double[] {0, 0, 0}, new double[] {19.9, 1, 1})));
  }

  @Test
  void check_noAtomRecords_saysSo() throws IOException {
    Path text = Files.writeString(dir.resolve("hostname.pdbqt"), "vm\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReceptorCheck.check(
        new VinaOracle.Target("text", text, ABL_CENTRE, ABL_SIZE), "vina", MINUTE));
    assertEquals("receptor " + text + " has no ATOM or HETATM record with coordinates", e.getMessage());
  }

  @Test
  void check_aLigandGivenAsReceptor_isRefusedWithVinasReason() throws IOException {
    Path ligand = Files.writeString(dir.resolve("ligand.pdbqt"), """
        ROOT
        ATOM      1  C   UNL     1      11.000  90.500  57.500  0.00  0.00    +0.000 C
        ATOM      2  O   UNL     1      12.416  90.489  57.502  0.00  0.00    +0.000 OA
        ENDROOT
        TORSDOF 0
        """);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReceptorCheck.check(
        new VinaOracle.Target("ligand", ligand, ABL_CENTRE, ABL_SIZE), "vina", MINUTE));
    assertEquals("Vina cannot read receptor " + ligand
        + ": PDBQT parsing error: Unknown or inappropriate tag found in rigid receptor. > ROOT", e.getMessage());
  }

  @Test
  void check_vinaMissing_namesTheInstallCommand() {
    OracleUnavailableException e = assertThrows(OracleUnavailableException.class, () -> ReceptorCheck.check(
        new VinaOracle.Target("abl", abl, ABL_CENTRE, ABL_SIZE), "/nonexistent/vina", MINUTE));
    assertTrue(e.getMessage().contains("apt-get install -y --no-install-recommends autodock-vina openbabel"), e.getMessage());
  }
}
