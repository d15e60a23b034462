package org.svdd.core.diffusion;

/**
 * Between a clean state and the design a person reads: a nucleotide string for RNA, a SMILES string for
 * a molecule whose tokens are SELFIES, an encoded 8-bit image. Oracles, records and evaluations speak
 * this text.
 */
public interface DesignCodec {

  /** The design text of a clean state. */
  String text(State design);

  /** The clean state of {@code length} positions for a design text; fails naming what does not fit. */
  State parse(String text, int length);
}
