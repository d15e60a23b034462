package org.svdd.task.molecule;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.fingerprint.CircularFingerprinter;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.svdd.core.metrics.SampleMetrics;
import org.svdd.task.DesignSetMetrics;

/**
 * The molecule figures of the SVDD paper's Tables 1 and 4: validity (a non-empty single-fragment molecule
 * that parses), uniqueness (distinct among valid), novelty (distinct valid molecules absent from the
 * training set, by canonical SMILES) and diversity (1 − mean pairwise Tanimoto similarity of ECFP4
 * fingerprints, the JVM's Morgan radius-2 equivalent, over the valid samples).
 */
final class MoleculeMetrics {
  private MoleculeMetrics() {}

  static DesignSetMetrics measure(List<String> smiles, Set<String> training) {
    List<String> valid = new ArrayList<>();
    List<BitSet> fingerprints = new ArrayList<>();
    CircularFingerprinter ecfp4 = new CircularFingerprinter(CircularFingerprinter.CLASS_ECFP4);
    for (String s : smiles) {
      if (s.isBlank()) {
        continue;
      }
      try {
        IAtomContainer molecule = Molecules.parse(s);
        if (molecule.getAtomCount() == 0 || !ConnectivityChecker.isConnected(molecule)) {
          continue;
        }
        valid.add(Molecules.canonical(molecule));
        fingerprints.add(ecfp4.getBitFingerprint(molecule).asBitSet());
      } catch (IllegalArgumentException | CDKException e) {
        // not valid: counted below
      }
    }
    Set<String> distinct = new HashSet<>(valid);
    long novel = distinct.stream().filter(s -> !training.contains(s)).count();
    return new DesignSetMetrics(diversity(fingerprints), Double.NaN,
        smiles.isEmpty() ? Double.NaN : (double) valid.size() / smiles.size(),
        valid.isEmpty() ? Double.NaN : (double) distinct.size() / valid.size(),
        distinct.isEmpty() || training.isEmpty() ? Double.NaN : (double) novel / distinct.size());
  }

  /** 1 − mean Tanimoto similarity over the pairs ({@code SampleMetrics.meanPairwise}); NaN for fewer than two molecules. */
  static double diversity(List<BitSet> fingerprints) {
    return fingerprints.size() < 2 ? Double.NaN : SampleMetrics.meanPairwise(fingerprints.size(),
        (i, j) -> 1 - tanimoto(fingerprints.get(i), fingerprints.get(j)));
  }

  static double tanimoto(BitSet a, BitSet b) {
    BitSet and = (BitSet) a.clone();
    and.and(b);
    BitSet or = (BitSet) a.clone();
    or.or(b);
    return or.isEmpty() ? 1 : (double) and.cardinality() / or.cardinality();
  }
}
