package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bits of PDBQT files (AutoDock's PDB dialect) that the Vina oracle reads. */
final class Pdbqt {
  private Pdbqt() {}

  /** Whether every atom of a PDB/PDBQT text sits at the origin (what Open Babel's fast --gen3d writes). */
  static boolean allZero(String pdbqt) {
    boolean anyAtom = false;
    for (String line : pdbqt.split("\n")) {
      if ((line.startsWith("ATOM") || line.startsWith("HETATM")) && line.length() >= 54) {
        anyAtom = true;
        for (int c = 30; c < 54; c += 8) {
          if (Math.abs(Double.parseDouble(line.substring(c, c + 8).trim())) > 1e-6) {
            return false;
          }
        }
      }
    }
    return anyAtom;
  }

  /** The first model (best pose) of Vina's output, or empty when there is none. */
  static String firstModel(Path pose) throws IOException {
    if (!Files.isRegularFile(pose)) {
      return "";
    }
    String text = Files.readString(pose);
    int end = text.indexOf("ENDMDL");
    return end < 0 ? text : text.substring(0, end + "ENDMDL".length()) + "\n";
  }
}
