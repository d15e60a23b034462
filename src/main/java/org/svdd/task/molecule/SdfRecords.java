package org.svdd.task.molecule;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.io.MDLV3000Reader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;
import org.svdd.task.SequenceFiles;

/**
 * Structure-data files (SDF, MDL molfiles V2000 or V3000): each record becomes its canonical SMILES, named by the
 * record's title line (FILE#N where it has none). Hydrogens drawn as atoms, as docking poses have them, fold into
 * their heavy atoms; coordinates and stereochemistry are dropped, as the model has neither.
 */
final class SdfRecords {
  private static final String END = "$$$$";

  private SdfRecords() {}

  /** Whether the lines hold a molfile: a line that ends a connection table. */
  static boolean looksLikeSdf(List<String> lines) {
    return lines.stream().anyMatch(l -> l.startsWith("M  END"));
  }

  /** A file whose name says SDF or molfile ({@code .sdf}, {@code .sd}, {@code .mol}, gzipped too). */
  static boolean namedLikeSdf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
    return name.endsWith(".sdf") || name.endsWith(".sd") || name.endsWith(".mol");
  }

  /** The records of {@code file}'s lines; fails naming the record (and its first line) that cannot be read. */
  static List<SequenceFiles.Entry> read(Path file, List<String> lines) throws IOException {
    List<SequenceFiles.Entry> out = new ArrayList<>();
    int first = 0;
    for (int n = 0; n <= lines.size(); n++) {
      boolean last = n == lines.size();
      if (!last && !lines.get(n).startsWith(END)) {
        continue;
      }
      List<String> record = lines.subList(first, n);
      if (record.stream().anyMatch(l -> !l.isBlank())) {
        int index = out.size() + 1;
        String title = record.get(0).strip();
        String name = title.isEmpty() ? file.getFileName() + "#" + index : title;
        try {
          out.add(new SequenceFiles.Entry(name, Molecules.canonical(molecule(record))));
        } catch (CDKException | IllegalArgumentException | IllegalStateException e) {
          throw new IOException(String.format(Locale.ROOT, "%s, record %d (line %d) is not a readable molfile: %s",
              file, index, first + 1, e.getMessage()), e);
        }
      }
      first = n + 1;
    }
    return out;
  }

  private static IAtomContainer molecule(List<String> record) throws CDKException, IOException {
    String text = String.join("\n", record) + "\n";
    boolean v3000 = record.size() > 3 && record.get(3).contains("V3000");
    IAtomContainer molecule;
    if (v3000) {
      try (MDLV3000Reader reader = new MDLV3000Reader(new StringReader(text))) {
        molecule = reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
      }
    } else {
      try (MDLV2000Reader reader = new MDLV2000Reader(new StringReader(text))) {
        molecule = reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
      }
    }
    if (molecule == null || molecule.getAtomCount() == 0) {
      throw new IllegalArgumentException("no atoms");
    }
    return AtomContainerManipulator.suppressHydrogens(molecule);
  }
}
