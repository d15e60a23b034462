package org.svdd.task.molecule;

import java.util.List;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IChemObjectBuilder;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * Molecules in the JVM through CDK: SMILES in (kekulised on parsing), canonical SMILES out (aromaticity
 * perceived first, so two kekulé forms of one molecule give one string), and the bridge between CDK's
 * atom containers and the graphs SELFIES derives. Thread-safe: parsers and generators are made per call.
 */
public final class Molecules {
  static {
    // CDK's fallback logger warns on stderr about every odd SMILES it reads; callers report what they drop
    if (System.getProperty("cdk.logging.level") == null) {
      System.setProperty("cdk.logging.level", "error");
    }
  }

  private static final IChemObjectBuilder BUILDER = SilentChemObjectBuilder.getInstance();
  private static final Aromaticity AROMATICITY =
      new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.all(6)));

  private Molecules() {}

  /** Parses SMILES into a kekulé molecule, or fails naming the problem. */
  public static IAtomContainer parse(String smiles) {
    try {
      return new SmilesParser(BUILDER).parseSmiles(smiles);
    } catch (CDKException | RuntimeException e) {
      throw new IllegalArgumentException("'" + abbreviated(smiles) + "' is not valid SMILES: " + reason(smiles, e), e);
    }
  }

  /** Text as an error message quotes it: up to 60 characters, then how many more. */
  private static String abbreviated(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "... (" + text.length() + " characters)";
  }

  /**
   * CDK's reason on one line. CDK says "could not parse 'S', REASON:" and then S and a caret under the place;
   * that becomes "REASON at position N ('c')".
   */
  private static String reason(String smiles, Exception e) {
    if (e.getMessage() == null) {
      return e.getClass().getSimpleName();
    }
    List<String> lines = e.getMessage().strip().lines().toList();
    String why = lines.get(0);
    String prefix = "could not parse '" + smiles + "', ";
    if (why.startsWith(prefix)) {
      why = why.substring(prefix.length());
    }
    int caret = lines.size() == 3 ? lines.get(2).indexOf('^') : -1;
    if (caret < 0) {
      return why;
    }
    why = why.endsWith(":") ? why.substring(0, why.length() - 1) : why;
    return why + " at position " + (caret + 1) + (caret < smiles.length() ? " ('" + smiles.charAt(caret) + "')" : "");
  }

  /** One SMILES per molecule, whatever atom order or kekulé form it came in; stereochemistry dropped. */
  public static String canonical(IAtomContainer molecule) {
    try {
      IAtomContainer copy = molecule.clone();
      AROMATICITY.apply(copy);
      return new SmilesGenerator(SmiFlavor.Canonical | SmiFlavor.UseAromaticSymbols).create(copy);
    } catch (CDKException | CloneNotSupportedException e) {
      throw new IllegalArgumentException("cannot write SMILES: " + e.getMessage(), e);
    }
  }

  /**
   * The largest fragment of a multi-fragment molecule (most heavy atoms, then most atoms, then the first), as
   * canonical SMILES: a salt's parent without its counter-ions, a solvate's without its solvent. Empty for a
   * single fragment or unreadable SMILES.
   */
  public static java.util.Optional<String> largestFragment(String smiles) {
    IAtomContainer molecule = readable(smiles);
    if (molecule == null) {
      return java.util.Optional.empty();
    }
    if (org.openscience.cdk.graph.ConnectivityChecker.isConnected(molecule)) {
      return java.util.Optional.empty();
    }
    IAtomContainer largest = null;
    for (IAtomContainer part : org.openscience.cdk.graph.ConnectivityChecker.partitionIntoMolecules(molecule)
        .atomContainers()) {
      if (largest == null || heavyAtoms(part) > heavyAtoms(largest)
          || heavyAtoms(part) == heavyAtoms(largest) && part.getAtomCount() > largest.getAtomCount()) {
        largest = part;
      }
    }
    return java.util.Optional.of(canonical(largest));
  }

  /**
   * The molecule with its charges neutralised by adding or removing protons, as RDKit's Uncharger does: a charged
   * atom with hydrogens ([NH3+], [nH+]) gives them up, and an anion (O, S, N) takes them ([O-] to OH), unless it is
   * bonded to an opposite charge (a nitro group, an N-oxide), or balances a cation that has no hydrogen to lose (a
   * betaine stays a zwitterion). Empty when nothing changes, or for unreadable SMILES.
   */
  public static java.util.Optional<String> neutralised(String smiles) {
    IAtomContainer molecule = readable(smiles);
    if (molecule == null) {
      return java.util.Optional.empty();
    }
    List<IAtom> cations = new java.util.ArrayList<>();
    List<IAtom> anions = new java.util.ArrayList<>();
    int fixedCharge = 0;
    for (IAtom atom : molecule.atoms()) {
      int charge = charge(atom);
      if (charge == 0 || bondedToOpposite(molecule, atom, charge)) {
        continue;
      }
      int hydrogens = atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
      if (charge > 0 && hydrogens >= charge) {
        cations.add(atom);
      } else if (charge > 0) {
        fixedCharge += charge;
      } else if (List.of("O", "S", "N").contains(atom.getSymbol())) {
        anions.add(atom);
      }
    }
    int balancing = fixedCharge;
    boolean changed = false;
    for (IAtom atom : cations) {
      atom.setImplicitHydrogenCount(atom.getImplicitHydrogenCount() - charge(atom));
      atom.setFormalCharge(0);
      changed = true;
    }
    for (IAtom atom : anions) {
      int protons = -charge(atom);
      if (balancing >= protons) {
        balancing -= protons;
        continue;
      }
      atom.setImplicitHydrogenCount((atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount())
          + protons);
      atom.setFormalCharge(0);
      changed = true;
    }
    try {
      return changed ? java.util.Optional.of(canonical(molecule)) : java.util.Optional.empty();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /** The molecule of a SMILES string, or null where it cannot be read (the callers then have nothing to change). */
  private static IAtomContainer readable(String smiles) {
    try {
      return parse(smiles);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int charge(IAtom atom) {
    return atom.getFormalCharge() == null ? 0 : atom.getFormalCharge();
  }

  private static boolean bondedToOpposite(IAtomContainer molecule, IAtom atom, int charge) {
    for (IAtom neighbour : molecule.getConnectedAtomsList(atom)) {
      if (Integer.signum(charge(neighbour)) == -Integer.signum(charge)) {
        return true;
      }
    }
    return false;
  }

  private static long heavyAtoms(IAtomContainer molecule) {
    return java.util.stream.StreamSupport.stream(molecule.atoms().spliterator(), false)
        .filter(a -> !"H".equals(a.getSymbol())).count();
  }

  /** Canonical SMILES of a SMILES string. */
  public static String canonical(String smiles) {
    return canonical(parse(smiles));
  }

  /** The SELFIES symbols of a single-fragment molecule; fails naming what SELFIES here cannot write. */
  public static List<String> toSelfies(IAtomContainer molecule) {
    return Selfies.encode(graphOf(molecule));
  }

  /** The molecule SELFIES symbols derive (possibly with no atom). */
  public static IAtomContainer fromSelfies(List<String> symbols) {
    return containerOf(Selfies.decode(symbols));
  }

  static MolecularGraph graphOf(IAtomContainer molecule) {
    MolecularGraph graph = new MolecularGraph();
    for (IAtom atom : molecule.atoms()) {
      int charge = atom.getFormalCharge() == null ? 0 : atom.getFormalCharge();
      int hydrogens = atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
      SelfiesAtom a;
      try {
        a = new SelfiesAtom(1, atom.getSymbol(), charge == 0 ? 0 : hydrogens, charge);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("atom " + atom.getSymbol() + ": " + e.getMessage(), e);
      }
      graph.addAtom(a);
    }
    for (IBond bond : molecule.bonds()) {
      IBond.Order order = bond.getOrder();
      if (order == null || order == IBond.Order.UNSET || order.numeric() > 3) {
        throw new IllegalArgumentException("bond order " + order + " cannot be written");
      }
      graph.bond(molecule.indexOf(bond.getBegin()), molecule.indexOf(bond.getEnd()), order.numeric());
    }
    for (int i = 0; i < graph.atomCount(); i++) {
      IAtom atom = molecule.getAtom(i);
      int hydrogens = atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
      if (graph.free(i) < 0 || graph.atom(i).hydrogensAt(graph.used(i)) != hydrogens) {
        throw new IllegalArgumentException("atom " + atom.getSymbol() + " with " + graph.used(i) + " bonds and "
            + hydrogens + " hydrogens has a valence SELFIES here does not write");
      }
    }
    return graph;
  }

  static IAtomContainer containerOf(MolecularGraph graph) {
    IAtomContainer molecule = BUILDER.newAtomContainer();
    for (int i = 0; i < graph.atomCount(); i++) {
      SelfiesAtom a = graph.atom(i);
      IAtom atom = BUILDER.newInstance(IAtom.class, a.element());
      atom.setFormalCharge(a.charge());
      atom.setImplicitHydrogenCount(a.hydrogensAt(graph.used(i)));
      molecule.addAtom(atom);
    }
    for (MolecularGraph.Bond b : graph.bonds()) {
      molecule.addBond(b.a(), b.b(), IBond.Order.values()[b.order() - 1]);
    }
    return molecule;
  }
}
