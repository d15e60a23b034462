package org.svdd.task.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.svdd.task.DesignSetMetrics;

class MoleculeMetricsTest {

  @Test
  void measure_countsValidUniqueAndNovelByMolecule() {
    List<String> samples = List.of("CC(=O)Oc1ccccc1C(=O)O", "OC(=O)c1ccccc1OC(C)=O", "c1ccccc1O", "", "CC.O", "C1CC");
    DesignSetMetrics m = MoleculeMetrics.measure(samples, Set.of(Molecules.canonical("Oc1ccccc1")));
    assertEquals(3.0 / 6, m.validity(), 1e-12, "empty, two fragments and an unclosed ring are invalid");
    assertEquals(2.0 / 3, m.uniqueness(), 1e-12, "aspirin twice in two atom orders");
    assertEquals(1.0 / 2, m.novelty(), 1e-12, "phenol is in the training set");
    assertTrue(Double.isNaN(m.kmer3Correlation()));
  }

  @Test
  void diversity_identicalMoleculesIsZero_unrelatedMoleculesNearOne() {
    assertEquals(0.0, MoleculeMetrics.measure(List.of("c1ccccc1O", "Oc1ccccc1"), Set.of()).diversity(), 1e-12);
    double d = MoleculeMetrics.measure(List.of("CCCCCCCCCC", "c1ccc2ccccc2c1", "NC(=O)N"), Set.of()).diversity();
    assertTrue(d > 0.8, "diversity " + d);
  }

  @Test
  void measure_noTrainingSet_leavesNoveltyUnknown() {
    assertTrue(Double.isNaN(MoleculeMetrics.measure(List.of("CCO"), Set.of()).novelty()));
  }
}
