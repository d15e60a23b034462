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

  /** A receptor folder under a file (or a home svdd cannot write) is named, with the setting that moves it. */
  @Test
  void prepare_aReceptorFolderThatCannotBeMade_namesItNotAMissingPackage() throws IOException {
    Path folder = Files.writeString(dir.resolve("plain"), "x").resolve("receptors");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DockingTargets.prepare("vina-abl", folder, "obabel"));
    assertEquals("cannot prepare the receptor of vina-abl: the receptor folder " + folder + " cannot be created ("
        + folder + ": Not a directory); set svdd.reward.vina.receptor-dir to a folder svdd can write", e.getMessage());
  }

  @Test
  void custom_pdbReceptor_isConvertedOnceAndDocksLikeTheBundledTarget() throws IOException {
    Path pdb = Path.of("/usr/share/RDKit/Contrib/CalcLigRMSD/data/aurka_protein_2c6e.pdb");
    VinaOracle.Target mine = DockingTargets.custom("vina:" + pdb + ":0.99,9.66,31.88:20,20,20", dir, "obabel");
    VinaOracle.Target bundled = DockingTargets.prepare("vina-aurka", dir, "obabel");
    assertArrayEquals(Files.readAllBytes(bundled.receptor()), Files.readAllBytes(mine.receptor()),
        "the same receptor and conversion as the bundled Aurora A target");
    assertArrayEquals(bundled.center(), mine.center());
    assertArrayEquals(bundled.size(), mine.size());
    assertEquals(mine.receptor(), DockingTargets.custom("vina:" + pdb + ":1,1,1:20,20,20", dir, "obabel").receptor());
  }

  @Test
  void custom_pdbThatIsNoReceptor_failsWithTheReasonAndLeavesNoFile() throws IOException {
    Path pdb = Files.writeString(dir.resolve("notes.pdb"), "hello world\n");
    Path receptors = dir.resolve("receptors");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DockingTargets.custom("vina:" + pdb + ":1,2,3:20,20,20", receptors, "obabel"));
    assertEquals("cannot prepare receptor " + pdb + ": Open Babel could not convert " + pdb
        + " to PDBQT (exit 0): 0 molecules converted", e.getMessage());
    try (var left = Files.list(receptors)) {
      assertEquals(java.util.List.of(), left.toList(), "no partial receptor file is left behind");
    }
  }

  @Test
  void custom_pdbqtReceptor_isUsedWhereItIs() throws IOException {
    Path receptor = Files.writeString(dir.resolve("r.pdbqt"), "ATOM\n");
    VinaOracle.Target t = DockingTargets.custom("vina:" + receptor + ":1,2,3:10,11,12.5", dir, "obabel");
    assertEquals(receptor, t.receptor());
    assertArrayEquals(new double[] {1, 2, 3}, t.center());
    assertArrayEquals(new double[] {10, 11, 12.5}, t.size());
  }

  @Test
  void parseCustom_missingParts_showsTheForm() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DockingTargets.parseCustom("vina:/data/r.pdbqt"));
    assertTrue(e.getMessage().startsWith("reward 'vina:/data/r.pdbqt' is not a docking target; write your own docking "
        + "target as vina:RECEPTOR:cx,cy,cz:sx,sy,sz"), e.getMessage());
  }
}
