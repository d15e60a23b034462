package org.svdd.task.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Charges neutralised as RDKit's Uncharger neutralises them, RDKit run in the test's setup as the reference. */
class NeutralisedTest {
  private static final List<String> CHARGED = List.of("CC(=O)[O-]", "C[NH3+]", "CC(=O)Oc1ccccc1C(=O)[O-]",
      "C[N+](C)(C)CC(=O)[O-]", "[O-][N+](=O)c1ccccc1", "C[N+](C)(C)C", "NCC(=O)[O-]", "[NH3+]CC(=O)[O-]",
      "c1ccc2[n-]ccc2c1", "C[S-]", "c1cc[nH+]cc1", "C[n+]1ccccc1", "CC[N+](C)(C)CCOC(=O)CC(=O)[O-]",
      "[O-]C(=O)CC(=O)[O-]", "OC(=O)C[N+](C)(C)C", "c1nn[n-]n1", "CCOP(=O)([O-])OCC", "C[N+]([O-])(C)C",
      "C[P+](C)(C)C", "CCO", "[NH3+]CCCC[C@H]([NH3+])C(=O)[O-]", "C[N+](C)(C)CCC(=O)[O-]");
  private static final List<String> RDKIT = new ArrayList<>();

  @BeforeAll
  static void unchargeWithRdkit() throws Exception {
    String program = String.join("\n", "import sys", "from rdkit import Chem",
        "from rdkit.Chem.MolStandardize import rdMolStandardize", "u = rdMolStandardize.Uncharger()",
        "for s in sys.argv[1:]:", "  print(Chem.MolToSmiles(u.uncharge(Chem.MolFromSmiles(s))))");
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", program));
    command.addAll(CHARGED);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    RDKIT.addAll(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList());
    assertEquals(0, p.waitFor());
    assertEquals(CHARGED.size(), RDKIT.size());
  }

  @Test
  void neutralised_agreesWithRdkitsUncharger() {
    for (int i = 0; i < CHARGED.size(); i++) {
      String input = CHARGED.get(i);
      String ours = Molecules.neutralised(input).orElse(Molecules.canonical(input));
      assertEquals(Molecules.canonical(RDKIT.get(i)), ours, input);
    }
  }

  @Test
  void nothingToChange_orUnreadable_isEmpty() {
    for (String unchanged : List.of("CCO", "C[N+](C)(C)CC(=O)[O-]", "[O-][N+](=O)c1ccccc1", "C[N+](C)(C)C", "not smiles")) {
      assertEquals(java.util.Optional.empty(), Molecules.neutralised(unchanged), unchanged);
    }
  }
}
