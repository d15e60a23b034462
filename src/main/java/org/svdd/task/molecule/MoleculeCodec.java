package org.svdd.task.molecule;

import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;

/**
 * Token states over SELFIES symbols read as canonical SMILES. Every clean state reads as a molecule
 * (SELFIES derives one from any symbol string); a state that derives no atom reads as the empty string.
 */
public record MoleculeCodec(Vocabulary vocabulary) implements DesignCodec {

  public MoleculeCodec {
    for (String symbol : vocabulary.symbols()) {
      if (!Selfies.isKnown(symbol)) {
        throw new IllegalArgumentException("'" + symbol + "' is not a SELFIES symbol this decoder knows");
      }
    }
  }

  @Override
  public String text(State design) {
    var molecule = Molecules.fromSelfies(vocabulary.symbolsOf((TokenState) design));
    return molecule.getAtomCount() == 0 ? "" : Molecules.canonical(molecule);
  }

  /**
   * The tokens of a molecule, however its SMILES is written: the model learnt the SELFIES of canonical SMILES,
   * so "OCC", "C(O)C" and "[H]OCC" are all encoded as that of "CCO", and score the same naturalness.
   */
  @Override
  public TokenState parse(String smiles, int length) {
    String canonical = Molecules.canonical(AtomContainerManipulator.suppressHydrogens(Molecules.parse(smiles)));
    return vocabulary.encode(String.join("", Molecules.toSelfies(Molecules.parse(canonical))), length);
  }
}
