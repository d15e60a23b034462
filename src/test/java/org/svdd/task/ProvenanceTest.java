package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model card credits a source only for its own files; a user's files are named as theirs. */
class ProvenanceTest {
  private static final List<Provenance.Source> KNOWN = List.of(
      Provenance.Source.named("ChEBI (CC-BY 3.0)", "chebi.obo"),
      Provenance.Source.named("NCI (BSD-3)", "first_5K.smi"),
      Provenance.Source.under("Fashion-MNIST (MIT)", Path.of("/usr/share/datasets/fashion-mnist")));

  @Test
  void knownFiles_areCreditedToTheirSource() {
    assertEquals("ChEBI (CC-BY 3.0): `chebi.obo`; NCI (BSD-3): `first_5K.smi`",
        Provenance.of(List.of(Path.of("/a/chebi.obo"), Path.of("/b/first_5K.smi")), KNOWN));
    assertEquals("Fashion-MNIST (MIT): `train-images-idx3-ubyte.gz`",
        Provenance.of(List.of(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")), KNOWN));
  }

  @Test
  void otherFiles_areTheTrainersOwn_evenBesideKnownOnes() {
    assertEquals("Files supplied by whoever trained this model (source and licence not recorded): `mine.sdf`",
        Provenance.of(List.of(Path.of("mine.sdf")), KNOWN));
    assertEquals("ChEBI (CC-BY 3.0): `chebi.obo`; and files supplied by whoever trained this model (source and "
        + "licence not recorded): `mine.sdf`, `train-images-idx3-ubyte.gz`",
        Provenance.of(List.of(Path.of("chebi.obo"), Path.of("mine.sdf"), Path.of("/home/u/train-images-idx3-ubyte.gz")),
            KNOWN));
  }
}
