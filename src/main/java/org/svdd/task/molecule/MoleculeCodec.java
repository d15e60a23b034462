package org.svdd.task.molecule;

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

  @Override
  public TokenState parse(String smiles, int length) {
    return vocabulary.encode(String.join("", Molecules.toSelfies(Molecules.parse(smiles))), length);
  }
}
