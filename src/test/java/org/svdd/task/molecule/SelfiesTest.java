package org.svdd.task.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

class SelfiesTest {

  @ParameterizedTest
  @ValueSource(strings = {"CC(=O)Oc1ccccc1C(=O)O", "Cn1cnc2c1c(=O)n(C)c(=O)n2C", "O=[N+]([O-])c1ccccc1",
      "[O-][n+]1ccccc1", "Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1", "C1CC2CCC1CC2",
      "FC(F)(F)c1ccc(Cl)cc1Br", "CS(=O)(=O)N", "OP(=O)(O)OCC", "C#N", "C1=CC=CC=C1", "C[NH+](C)C.[Cl-]"})
  void encodeThenDecode_givesTheSameMolecule(String smiles) {
    IAtomContainer molecule = Molecules.parse(smiles);
    if (smiles.contains(".")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Molecules.toSelfies(molecule));
      assertTrue(e.getMessage().contains("fragment"), e.getMessage());
      return;
    }
    List<String> symbols = Molecules.toSelfies(molecule);
    assertEquals(Molecules.canonical(molecule), Molecules.canonical(Molecules.fromSelfies(symbols)), symbols.toString());
  }

  @Test
  void atom_unsupportedElement_listsTheSupportedOnesInOrder() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SelfiesAtom(1, "Na", 0, 0));
    assertEquals("element 'Na' is not supported; allowed: [B, Br, C, Cl, F, I, N, O, P, S]", e.getMessage());
  }

  @Test
  void encode_aceticAcid_writesTheBranchWithItsBondOrder() {
    assertEquals(List.of("[C]", "[C]", "[=Branch1]", "[C]", "[=O]", "[O]"), Molecules.toSelfies(Molecules.parse("CC(=O)O")));
  }

  @Test
  void encode_benzene_closesTheRingWithAnIndex() {
    List<String> symbols = Molecules.toSelfies(Molecules.parse("c1ccccc1"));
    assertEquals(8, symbols.size(), symbols.toString());
    assertTrue(symbols.get(6).endsWith("Ring1]"), symbols.toString());
    assertEquals("[=Branch1]", symbols.get(7), "index 4 is [=Branch1]: the ring closes on the atom 5 places back");
  }

  @Test
  void decode_chainAfterAFullAtom_isIgnored() {
    assertEquals(Molecules.canonical("CF"), Molecules.canonical(Molecules.fromSelfies(List.of("[C]", "[F]", "[C]", "[C]"))));
  }

  @Test
  void decode_bondLoweredToWhatAtomsCanTake() {
    // O can take two bonds: after [C][=O] the chain ends, so #C is never bonded
    assertEquals(Molecules.canonical("C=O"), Molecules.canonical(Molecules.fromSelfies(List.of("[C]", "[=O]", "[#C]"))));
    // F takes one bond whatever is asked
    assertEquals(Molecules.canonical("CF"), Molecules.canonical(Molecules.fromSelfies(List.of("[C]", "[#F]"))));
  }

  @Test
  void decode_controlSymbolsFirst_areIgnored() {
    assertEquals(Molecules.canonical("CO"), Molecules.canonical(Molecules.fromSelfies(List.of("[Ring1]", "[Branch1]", "[C]", "[O]"))));
    assertEquals(0, Molecules.fromSelfies(List.of("[Ring1]", "[Branch2]")).getAtomCount());
  }

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /** The property SELFIES exists for: any string of known symbols derives a molecule with sound valences. */
  @ParameterizedTest
  @MethodSource("seeds")
  void decode_randomSymbols_alwaysGiveAValidMolecule(long seed) {
    List<String> alphabet = List.of("[C]", "[=C]", "[#C]", "[N]", "[=N]", "[#N]", "[O]", "[=O]", "[S]", "[=S]", "[P]",
        "[F]", "[Cl]", "[Br]", "[N+1]", "[=N+1]", "[O-1]", "[NH1+1]", "[Ring1]", "[=Ring1]", "[Ring2]", "[Branch1]",
        "[=Branch1]", "[#Branch1]", "[Branch2]");
    RandomStream random = RandomStream.of(seed, Purpose.TRAIN);
    List<String> symbols = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(60); i < n; i++) {
      symbols.add(alphabet.get(random.nextInt(alphabet.size())));
    }
    IAtomContainer molecule = Molecules.fromSelfies(symbols);
    if (molecule.getAtomCount() == 0) {
      return;
    }
    String smiles = Molecules.canonical(molecule);
    assertFalse(smiles.contains("."), smiles);
    IAtomContainer reparsed = Molecules.parse(smiles);
    assertEquals(molecule.getAtomCount(), reparsed.getAtomCount(), smiles);
    assertEquals(smiles, Molecules.canonical(reparsed));
    // and it encodes back to symbols that derive the same molecule
    assertEquals(smiles, Molecules.canonical(Molecules.fromSelfies(Molecules.toSelfies(reparsed))));
  }

  @Test
  void symbols_textOutsideBrackets_isRejected() {
    assertEquals(List.of("[C]", "[=O]"), Selfies.symbols("[C][=O]"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Selfies.symbols("[C]x[O]"));
    assertTrue(e.getMessage().contains("position 3"), e.getMessage());
  }
}
