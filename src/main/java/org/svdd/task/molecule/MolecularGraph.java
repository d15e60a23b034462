package org.svdd.task.molecule;

import java.util.ArrayList;
import java.util.List;

/**
 * A hydrogen-suppressed molecular graph with kekulé bond orders, as SELFIES derives it: atoms in
 * derivation order, each bond with its order. Tracks how much of each atom's capacity is used.
 */
final class MolecularGraph {
  /** A bond between atoms {@code a} and {@code b} (indices) of order 1..3. */
  record Bond(int a, int b, int order) {}

  private final List<SelfiesAtom> atoms = new ArrayList<>();
  private final List<int[]> bonds = new ArrayList<>();
  private final List<Integer> used = new ArrayList<>();

  int addAtom(SelfiesAtom atom) {
    atoms.add(atom.withBond(1));
    used.add(0);
    return atoms.size() - 1;
  }

  int atomCount() {
    return atoms.size();
  }

  SelfiesAtom atom(int i) {
    return atoms.get(i);
  }

  /** Capacity left on atom {@code i}. */
  int free(int i) {
    return atoms.get(i).capacity() - used.get(i);
  }

  /** Bond orders atom {@code i} uses. */
  int used(int i) {
    return used.get(i);
  }

  /** Adds {@code order} to the bond a–b, creating it if absent. */
  void bond(int a, int b, int order) {
    for (int[] bond : bonds) {
      if ((bond[0] == a && bond[1] == b) || (bond[0] == b && bond[1] == a)) {
        bond[2] += order;
        addUsed(a, b, order);
        return;
      }
    }
    bonds.add(new int[] {a, b, order});
    addUsed(a, b, order);
  }

  /** Order of the bond a–b, 0 when there is none. */
  int order(int a, int b) {
    for (int[] bond : bonds) {
      if ((bond[0] == a && bond[1] == b) || (bond[0] == b && bond[1] == a)) {
        return bond[2];
      }
    }
    return 0;
  }

  List<Bond> bonds() {
    return bonds.stream().map(b -> new Bond(b[0], b[1], b[2])).toList();
  }

  private void addUsed(int a, int b, int order) {
    used.set(a, used.get(a) + order);
    used.set(b, used.get(b) + order);
  }
}
