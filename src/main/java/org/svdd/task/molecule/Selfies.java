package org.svdd.task.molecule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SELFIES (Krenn et al., "Self-referencing embedded strings", Mach. Learn.: Sci. Technol. 2020),
 * implemented from its published grammar: a string of symbols that always derives a valid molecule,
 * which is why a masked-diffusion model over these symbols samples valid molecules by construction.
 *
 * <p>Derivation keeps the remaining capacity of the last atom ("state"). An atom symbol bonds to the
 * last atom with the order asked for, lowered to the state and its own capacity; at state 0 the chain
 * ends and later symbols are ignored. {@code [BranchL]} reads L index symbols as a number Q and derives
 * the next Q + 1 symbols as a side chain of the last atom (ignored at state ≤ 1); {@code [RingL]} reads
 * Q and bonds the last atom to the atom Q + 1 places before it once the derivation ends, if both still
 * have capacity (ignored at state 0). A {@code =} or {@code #} prefix asks for a double or triple bond.
 * Index symbols are read in base 16 over a fixed alphabet; any other symbol reads as 0.
 *
 * <p>Encoding walks a kekulé graph depth-first: every child but the last becomes a branch, and a bond
 * back to an atom already visited becomes a ring symbol after the closing atom. Stereochemistry is not
 * represented.
 */
public final class Selfies {
  private static final List<String> INDEX = List.of("[C]", "[Ring1]", "[Ring2]", "[Branch1]", "[=Branch1]",
      "[#Branch1]", "[Branch2]", "[=Branch2]", "[#Branch2]", "[O]", "[N]", "[=N]", "[=C]", "[#C]", "[S]", "[P]");
  private static final Map<String, Integer> INDEX_VALUE = indexValues();

  private Selfies() {}

  /** Splits a SELFIES string into its bracketed symbols; fails on text outside brackets. */
  public static List<String> symbols(String selfies) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < selfies.length()) {
      int close = selfies.indexOf(']', i);
      if (selfies.charAt(i) != '[' || close < 0) {
        throw new IllegalArgumentException("SELFIES '" + selfies + "' has text outside brackets at position " + i);
      }
      out.add(selfies.substring(i, close + 1));
      i = close + 1;
    }
    return out;
  }

  /** Whether {@code symbol} means something to the decoder (atom, branch or ring). */
  public static boolean isKnown(String symbol) {
    return SelfiesAtom.parse(symbol) != null || branch(symbol) != null || ring(symbol) != null;
  }

  // ---------------------------------------------------------------- decoding

  /** The molecule a symbol string derives; empty when it derives no atom. Never fails on known symbols. */
  static MolecularGraph decode(List<String> symbols) {
    MolecularGraph graph = new MolecularGraph();
    List<int[]> rings = new ArrayList<>();
    derive(symbols, 0, symbols.size(), -1, -1, graph, rings);
    for (int[] ring : rings) {
      int a = ring[0];
      int b = ring[1];
      if (a == b) {
        continue;
      }
      int order = Math.min(ring[2], Math.min(graph.free(a), graph.free(b)));
      order = Math.min(order, 3 - graph.order(a, b));
      if (order > 0) {
        graph.bond(a, b, order);
      }
    }
    return graph;
  }

  /** Derives symbols[from, to) from atom {@code root} (-1: none yet) whose remaining capacity is {@code state}. */
  private static void derive(List<String> symbols, int from, int to, int root, int state, MolecularGraph graph,
      List<int[]> rings) {
    int last = root;
    int i = from;
    while (i < to && (last < 0 || state > 0)) {
      String symbol = symbols.get(i++);
      int[] branch = branch(symbol);
      int[] ring = ring(symbol);
      if (branch != null) {
        if (last < 0 || state <= 1) {
          continue;
        }
        int q = readIndex(symbols, i, branch[1], to);
        i = Math.min(to, i + branch[1]);
        int bound = Math.min(state - 1, branch[0]);
        int end = Math.min(to, i + q + 1);
        derive(symbols, i, end, last, bound, graph, rings);
        i = end;
        state -= bound;
      } else if (ring != null) {
        if (last < 0 || state == 0) {
          continue;
        }
        int q = readIndex(symbols, i, ring[1], to);
        i = Math.min(to, i + ring[1]);
        int order = Math.min(state, ring[0]);
        rings.add(new int[] {Math.max(0, last - (q + 1)), last, order});
        state -= order;
      } else {
        SelfiesAtom atom = SelfiesAtom.parse(symbol);
        if (atom == null || atom.capacity() == 0 && last >= 0) {
          continue;
        }
        int added = graph.addAtom(atom);
        if (last >= 0) {
          int order = Math.min(atom.bond(), Math.min(state, atom.capacity()));
          graph.bond(last, added, order);
          state = atom.capacity() - order;
        } else {
          state = atom.capacity();
        }
        last = added;
      }
    }
  }

  private static int readIndex(List<String> symbols, int from, int count, int to) {
    int q = 0;
    for (int k = 0; k < count; k++) {
      int value = from + k < to ? INDEX_VALUE.getOrDefault(symbols.get(from + k), 0) : 0;
      q = q * INDEX.size() + value;
    }
    return q;
  }

  /** {bond order, index length} of a branch symbol, or null. */
  private static int[] branch(String symbol) {
    return control(symbol, "Branch");
  }

  /** {bond order, index length} of a ring symbol, or null. */
  private static int[] ring(String symbol) {
    return control(symbol, "Ring");
  }

  private static int[] control(String symbol, String word) {
    String body = symbol.startsWith("[") && symbol.endsWith("]") ? symbol.substring(1, symbol.length() - 1) : "";
    int order = 1;
    if (body.startsWith("=") || body.startsWith("#")) {
      order = body.charAt(0) == '=' ? 2 : 3;
      body = body.substring(1);
    }
    if (body.length() == word.length() + 1 && body.startsWith(word)) {
      int length = body.charAt(word.length()) - '0';
      if (length >= 1 && length <= 3) {
        return new int[] {order, length};
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- encoding

  /** The symbols of a connected kekulé graph, or fails when an atom or bond cannot be written. */
  static List<String> encode(MolecularGraph graph) {
    if (graph.atomCount() == 0) {
      return List.of();
    }
    int n = graph.atomCount();
    List<List<int[]>> neighbours = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      neighbours.add(new ArrayList<>());
    }
    for (MolecularGraph.Bond b : graph.bonds()) {
      neighbours.get(b.a()).add(new int[] {b.b(), b.order()});
      neighbours.get(b.b()).add(new int[] {b.a(), b.order()});
    }
    Walk walk = new Walk(graph, neighbours, new int[n]);
    java.util.Arrays.fill(walk.order, -1);
    List<String> out = walk.visit(0, -1, 1);
    if (walk.visited != n) {
      throw new IllegalArgumentException("the molecule has more than one fragment");
    }
    return out;
  }

  /** Depth-first walk; {@code order[i]} is atom i's derivation index, -1 until visited. */
  private static final class Walk {
    final MolecularGraph graph;
    final List<List<int[]>> neighbours;
    final int[] order;
    int visited;

    Walk(MolecularGraph graph, List<List<int[]>> neighbours, int[] order) {
      this.graph = graph;
      this.neighbours = neighbours;
      this.order = order;
    }

    List<String> visit(int atom, int parent, int bondFromParent) {
      order[atom] = visited++;
      List<String> out = new ArrayList<>();
      out.add(graph.atom(atom).withBond(bondFromParent).symbol());
      for (int[] edge : neighbours.get(atom)) {
        int other = edge[0];
        if (other != parent && order[other] >= 0 && order[other] < order[atom]) {
          writeControl(out, "Ring", edge[1], order[atom] - order[other] - 1);
        }
      }
      List<List<String>> children = new ArrayList<>();
      List<Integer> childBonds = new ArrayList<>();
      for (int[] edge : neighbours.get(atom)) {
        if (order[edge[0]] < 0) {
          children.add(visit(edge[0], atom, edge[1]));
          childBonds.add(edge[1]);
        }
      }
      for (int c = 0; c < children.size() - 1; c++) {
        writeControl(out, "Branch", childBonds.get(c), children.get(c).size() - 1);
        out.addAll(children.get(c));
      }
      if (!children.isEmpty()) {
        out.addAll(children.get(children.size() - 1));
      }
      return out;
    }
  }

  /** A branch or ring symbol of the given bond order followed by the index symbols of {@code q}. */
  private static void writeControl(List<String> out, String word, int bond, int q) {
    int length = q < 16 ? 1 : q < 256 ? 2 : 3;
    if (q >= 4096) {
      throw new IllegalArgumentException(word + " spans " + (q + 1) + " symbols, more than SELFIES can index");
    }
    out.add("[" + (bond == 2 ? "=" : bond == 3 ? "#" : "") + word + length + "]");
    for (int k = length - 1; k >= 0; k--) {
      out.add(INDEX.get((q >> (4 * k)) & 15));
    }
  }

  private static Map<String, Integer> indexValues() {
    Map<String, Integer> m = new java.util.HashMap<>();
    for (int i = 0; i < INDEX.size(); i++) {
      m.put(INDEX.get(i), i);
    }
    return Map.copyOf(m);
  }
}
