package org.svdd.task.molecule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.oracle.VinaOracle;

/** Prepares the receptors Debian ships (autodock-vina, rdkit-data, openbabel from bin/install-deps). */
class DockingTargetsTest {
  @TempDir Path dir;

  @Test
  void prepare_bundledTargets_writesPdbqtOnceWithTheirBoxes() throws IOException {
    VinaOracle.Target abl = DockingTargets.prepare("vina-abl", dir, "obabel");
    assertArrayEquals(new double[] {11, 90.5, 57.5}, abl.center());
    assertTrue(Files.readString(abl.receptor()).contains("ATOM      1  N   MET B 225"));
    VinaOracle.Target aurka = DockingTargets.prepare("vina-aurka", dir, "obabel");
    assertTrue(Files.readAllLines(aurka.receptor()).stream().filter(l -> l.startsWith("ATOM")).count() > 2000);
    long modified = Files.getLastModifiedTime(aurka.receptor()).toMillis();
    assertEquals(aurka.receptor(), DockingTargets.prepare("vina-aurka", dir, "obabel").receptor());
    assertEquals(modified, Files.getLastModifiedTime(aurka.receptor()).toMillis(), "prepared once");
  }

  @Test
  void prepare_unknownTarget_listsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DockingTargets.prepare("vina-parp1", dir, "obabel"));
    assertEquals("unknown docking target 'vina-parp1'; allowed: [vina-abl, vina-aurka]", e.getMessage());
  }
}
