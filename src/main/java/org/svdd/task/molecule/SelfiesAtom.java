package org.svdd.task.molecule;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SELFIES atom symbol, {@code [<bond><element><Hn><charge>]}: {@code [C]}, {@code [=O]},
 * {@code [#N]}, {@code [N+1]}, {@code [NH1+1]}, {@code [O-1]}. The bond (none, {@code =}, {@code #})
 * is the order asked for towards the previous atom; the decoder lowers it to what both atoms can take.
 *
 * <p>Bonding capacity (the semantic constraint of SELFIES, Krenn et al. 2020): the largest valence of
 * the element in the organic subset, or, for a charged atom, that of the isoelectronic element
 * (N+ like C, O− like F, C− like N), less its explicit hydrogens. Uncharged atoms carry no hydrogen
 * count: they get the implicit hydrogens of SMILES' organic subset (the smallest normal valence at or
 * above their bonds), so every decoded molecule is a valid SMILES.
 *
 * @param bond requested bond order 1..3 towards the previous atom
 * @param element element symbol
 * @param hydrogens explicit hydrogen count (charged atoms only)
 * @param charge formal charge
 */
public record SelfiesAtom(int bond, String element, int hydrogens, int charge) {
  private static final Pattern SYMBOL = Pattern.compile("\\[([=#]?)([A-Z][a-z]?)(?:H(\\d))?([+-]\\d)?\\]");
  private static final Map<String, Integer> ATOMIC_NUMBER = Map.ofEntries(Map.entry("B", 5), Map.entry("C", 6),
      Map.entry("N", 7), Map.entry("O", 8), Map.entry("F", 9), Map.entry("P", 15),
      Map.entry("S", 16), Map.entry("Cl", 17), Map.entry("Br", 35), Map.entry("I", 53));
  /** Largest organic-subset valence by atomic number (0: not bonded in this scheme). */
  private static final Map<Integer, Integer> MAX_VALENCE = Map.ofEntries(Map.entry(5, 3), Map.entry(6, 4),
      Map.entry(7, 3), Map.entry(8, 2), Map.entry(9, 1), Map.entry(14, 4), Map.entry(15, 5), Map.entry(16, 6),
      Map.entry(17, 1), Map.entry(35, 1), Map.entry(53, 1));
  /** Normal valences of SMILES' organic subset, ascending. */
  private static final Map<String, int[]> NORMAL_VALENCES = Map.of("B", new int[] {3}, "C", new int[] {4},
      "N", new int[] {3, 5}, "O", new int[] {2}, "P", new int[] {3, 5}, "S", new int[] {2, 4, 6}, "F", new int[] {1},
      "Cl", new int[] {1}, "Br", new int[] {1}, "I", new int[] {1});

  public SelfiesAtom {
    if (bond < 1 || bond > 3) {
      throw new IllegalArgumentException("bond order must be 1..3, got " + bond);
    }
    if (!ATOMIC_NUMBER.containsKey(element)) {
      throw new IllegalArgumentException("element '" + element + "' is not supported; allowed: "
          + ATOMIC_NUMBER.keySet().stream().sorted().toList());
    }
  }

  /** Parses an atom symbol, or returns null when {@code symbol} is not one. */
  public static SelfiesAtom parse(String symbol) {
    Matcher m = SYMBOL.matcher(symbol);
    if (!m.matches() || !ATOMIC_NUMBER.containsKey(m.group(2))) {
      return null;
    }
    int bond = switch (m.group(1)) {
      case "=" -> 2;
      case "#" -> 3;
      default -> 1;
    };
    int h = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    int charge = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    if (charge == 0 && h > 0) {
      return null;
    }
    return new SelfiesAtom(bond, m.group(2), h, charge);
  }

  /** The symbol, written as {@link #parse} reads it. */
  public String symbol() {
    StringBuilder s = new StringBuilder("[");
    s.append(bond == 2 ? "=" : bond == 3 ? "#" : "");
    s.append(element);
    if (charge != 0) {
      if (hydrogens > 0) {
        s.append('H').append(hydrogens);
      }
      s.append(charge > 0 ? '+' : '-').append(Math.abs(charge));
    }
    return s.append(']').toString();
  }

  public int atomicNumber() {
    return ATOMIC_NUMBER.get(element);
  }

  /** How many bond orders this atom can take in all. */
  public int capacity() {
    int isoelectronic = atomicNumber() - charge;
    return Math.max(0, MAX_VALENCE.getOrDefault(isoelectronic, 0) - hydrogens);
  }

  /** Hydrogens the atom carries with {@code bonds} bond orders: explicit for charged atoms, else SMILES'. */
  public int hydrogensAt(int bonds) {
    if (charge != 0) {
      return hydrogens;
    }
    for (int valence : NORMAL_VALENCES.get(element)) {
      if (valence >= bonds) {
        return valence - bonds;
      }
    }
    return 0;
  }

  /** The same atom asking for another bond order. */
  public SelfiesAtom withBond(int order) {
    return new SelfiesAtom(order, element, hydrogens, charge);
  }
}
