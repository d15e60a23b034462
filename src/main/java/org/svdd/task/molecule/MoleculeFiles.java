package org.svdd.task.molecule;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.task.DataSplit;
import org.svdd.task.Provenance;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TextFiles;
import org.svdd.task.TrainingCorpus;

/**
 * Molecule files: SMILES lists ({@code .smi}: SMILES then an optional name), CSV and TSV tables
 * ({@link MoleculeTables}: a header's SMILES column, or the first column, as in rdkit-data's WEHI set), ChEBI's
 * OBO ontology ({@code RELATED SMILES} synonyms), and SDF ({@link SdfRecords}). The
 * training corpus keeps drug-like molecules: one fragment, net charge zero, no isotopes or radicals,
 * only C, N, O, S, P, F, Cl, Br and I, 5 to 40 heavy atoms, and a SELFIES that decodes back to the same
 * molecule within the model's length.
 */
public final class MoleculeFiles {
  public static final int MIN_HEAVY_ATOMS = 5;
  public static final int MAX_HEAVY_ATOMS = 40;
  private static final Set<String> ELEMENTS = Set.of("C", "N", "O", "S", "P", "F", "Cl", "Br", "I");

  /** The data bin/fetch-molecule-data brings. */
  private static final List<Provenance.Source> SOURCES = List.of(
      Provenance.Source.named("ChEBI SMILES (CC-BY 3.0) from Debian's `emboss-data`", "chebi.obo"),
      Provenance.Source.named("the NCI set (BSD-3) from Debian's `rdkit-data`", "first_5K.smi"),
      Provenance.Source.named("the WEHI set (BSD-3) from Debian's `rdkit-data`", "wehi_mols.csv"));

  private MoleculeFiles() {}

  /** Reads named SMILES from a .smi, .csv, .obo or SDF file, by its content. */
  public static List<SequenceFiles.Entry> readSmiles(Path file) throws IOException {
    org.svdd.task.TextFiles.requireReadable(file, "molecule file");
    List<String> lines = TextFiles.lines(file, StandardCharsets.UTF_8);
    if (SdfRecords.looksLikeSdf(lines)) {
      return SdfRecords.read(file, lines);
    }
    if (SdfRecords.namedLikeSdf(file) && lines.stream().anyMatch(l -> !l.isBlank())) {
      throw new IOException(file + " is named as an SDF or molfile but holds no molfile (no line 'M  END')");
    }
    if (lines.stream().filter(l -> !l.isBlank()).findFirst().filter(l -> l.strip().startsWith(">")).isPresent()) {
      throw new IOException(file + " looks like FASTA (its first line is a '>' header); molecules are read from SMILES"
          + " lines, a CSV or TSV table, ChEBI OBO or SDF");
    }
    boolean obo = !lines.isEmpty() && lines.get(0).startsWith("format-version:");
    if (!obo && MoleculeTables.looksLikeTable(lines)) {
      return MoleculeTables.read(file, lines);
    }
    List<SequenceFiles.Entry> out = new ArrayList<>();
    String id = null;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (obo) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("synonym: \"") && line.contains("\" RELATED SMILES")) {
          out.add(new SequenceFiles.Entry(id, line.substring(10, line.indexOf("\" RELATED SMILES"))));
        }
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        String[] parts = line.split("\\s+", 2);
        if (!parts[0].equalsIgnoreCase("smiles")) {
          out.add(new SequenceFiles.Entry(parts.length > 1 ? parts[1].strip() : file.getFileName() + ":" + (n + 1),
              parts[0]));
        }
      }
    }
    return out;
  }

  /** One named SMILES line, {@code SMILES<TAB>name}, newline included. */
  public static String smilesLine(String name, String smiles) {
    return smiles + "\t" + name + "\n";
  }

  /** Writes named SMILES, one {@code SMILES<TAB>name} per line. */
  public static void writeSmiles(Path file, List<SequenceFiles.Entry> molecules) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (SequenceFiles.Entry e : molecules) {
        w.write(smilesLine(e.name(), e.sequence()));
      }
    }
  }

  /** Why a molecule is out of scope, or null when it is kept. */
  static String reject(IAtomContainer molecule) {
    if (!ConnectivityChecker.isConnected(molecule)) {
      return "more than one fragment";
    }
    if (molecule.getSingleElectronCount() > 0) {
      return "radical";
    }
    int charge = 0;
    for (IAtom atom : molecule.atoms()) {
      if (!ELEMENTS.contains(atom.getSymbol())) {
        return "element " + atom.getSymbol();
      }
      if (atom.getMassNumber() != null) {
        return "isotope";
      }
      charge += atom.getFormalCharge() == null ? 0 : atom.getFormalCharge();
    }
    if (charge != 0) {
      return "net charge " + charge;
    }
    int heavy = molecule.getAtomCount();
    if (heavy < MIN_HEAVY_ATOMS || heavy > MAX_HEAVY_ATOMS) {
      return heavy + " heavy atoms";
    }
    return null;
  }

  /** {@link #corpus(List, int, double, long, java.util.function.UnaryOperator)} of the records as they are. */
  public static TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed)
      throws IOException {
    return corpus(files, maxLength, heldOutFraction, seed, java.util.function.UnaryOperator.identity());
  }

  /**
   * The kept molecules of {@code files}, each record first rewritten by {@code prepare} (a salt's largest fragment,
   * a neutral form), canonical and unique, split by molecule, over their SELFIES symbols.
   */
  public static TrainingCorpus corpus(List<Path> files, int maxLength, double heldOutFraction, long seed,
      java.util.function.UnaryOperator<String> prepare) throws IOException {
    List<SequenceFiles.Entry> kept = new ArrayList<>();
    Map<String, Integer> symbolCounts = new LinkedHashMap<>();
    Map<String, Integer> droppedWhy = new java.util.HashMap<>();
    int read = 0;
    for (Path file : files) {
      for (SequenceFiles.Entry e : readSmiles(file)) {
        read++;
        Kept k = keep(prepare.apply(e.sequence()), maxLength, symbolCounts);
        if (k.canonical() != null) {
          kept.add(new SequenceFiles.Entry(e.name(), k.canonical()));
        } else {
          droppedWhy.merge(k.why(), 1, Integer::sum);
        }
      }
    }
    if (read == 0) {
      throw new IllegalArgumentException(files + " hold no molecule records (SMILES per line, a CSV or TSV table, ChEBI .obo or SDF)");
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("no molecule in " + files + " is usable: all " + read + " records are invalid "
          + "SMILES or out of scope (see 'svdd train --help'): " + TrainingCorpus.reasons(droppedWhy));
    }
    DataSplit split = DataSplit.of(kept, heldOutFraction, seed);
    List<String> symbols = new ArrayList<>(symbolCounts.keySet());
    symbols.sort(Comparator.comparing((String s) -> -symbolCounts.get(s)).thenComparing(s -> s));
    String provenance = Provenance.of(files, SOURCES) + ". Parsed and kekulised by CDK; kept: one fragment, net "
        + "charge zero, no isotopes or radicals, only C, N, O, S, P, F, Cl, Br, I, " + MIN_HEAVY_ATOMS + " to " + MAX_HEAVY_ATOMS + " heavy atoms, a SELFIES of at most "
        + maxLength + " symbols that decodes to the same molecule; stereochemistry dropped; deduplicated by canonical "
        + "SMILES and split by molecule.";
    return new TrainingCorpus(split.train(), split.heldOut(), new Vocabulary(symbols), read, droppedWhy,
        provenance);
  }

  /** A record's canonical SMILES when kept, else why it was not (in a few words, shared by like records). */
  private record Kept(String canonical, String why) {}

  /** Keeps a record as its canonical SMILES, counting its symbols, or says why not. */
  private static Kept keep(String smiles, int maxLength, Map<String, Integer> symbolCounts) {
    IAtomContainer molecule;
    try {
      molecule = AtomContainerManipulator.suppressHydrogens(Molecules.parse(smiles));
    } catch (IllegalArgumentException e) {
      return new Kept(null, "invalid SMILES");
    }
    String rejected = reject(molecule);
    if (rejected != null) {
      return new Kept(null, rejected.startsWith("net charge") ? "net charge"
          : rejected.endsWith("heavy atoms") ? (molecule.getAtomCount() < MIN_HEAVY_ATOMS ? "under " + MIN_HEAVY_ATOMS
              : "over " + MAX_HEAVY_ATOMS) + " heavy atoms" : rejected);
    }
    try {
      String canonical = Molecules.canonical(molecule);
      List<String> symbols = Molecules.toSelfies(Molecules.parse(canonical));
      if (symbols.size() > maxLength) {
        return new Kept(null, "SELFIES over " + maxLength + " symbols");
      }
      if (!canonical.equals(Molecules.canonical(Molecules.fromSelfies(symbols)))) {
        return new Kept(null, "SELFIES not decoding to the same molecule");
      }
      symbols.forEach(s -> symbolCounts.merge(s, 1, Integer::sum));
      return new Kept(canonical, null);
    } catch (IllegalArgumentException e) {
      return new Kept(null, "not writable as SELFIES here");
    }
  }
}
