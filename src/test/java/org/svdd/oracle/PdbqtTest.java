package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdbqtTest {
  private static final String ZERO = "ATOM      1  C   UNL     1       0.000   0.000   0.000  0.00  0.00     0.000 C \n";
  private static final String PLACED = "ATOM      2  O   UNL     1       1.204  -0.339   2.001  0.00  0.00    -0.390 OA\n";

  @TempDir Path dir;

  @Test
  void allZero_onlyWhenEveryAtomSitsAtTheOrigin() {
    assertTrue(Pdbqt.allZero("REMARK x\n" + ZERO + ZERO));
    assertFalse(Pdbqt.allZero(ZERO + PLACED));
    assertFalse(Pdbqt.allZero("REMARK no atoms\n"), "no atoms is not all-zero coordinates");
  }

  @Test
  void firstModel_keepsTheBestPoseOnly() throws IOException {
    Path out = Files.writeString(dir.resolve("out.pdbqt"),
        "MODEL 1\nREMARK VINA RESULT:    -5.154\n" + PLACED + "ENDMDL\nMODEL 2\n" + PLACED + "ENDMDL\n");
    assertEquals("MODEL 1\nREMARK VINA RESULT:    -5.154\n" + PLACED + "ENDMDL\n", Pdbqt.firstModel(out));
    assertEquals("", Pdbqt.firstModel(dir.resolve("missing.pdbqt")));
  }
}
