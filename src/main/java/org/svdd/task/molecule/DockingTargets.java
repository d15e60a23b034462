package org.svdd.task.molecule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.svdd.oracle.ContentDigest;
import org.svdd.oracle.OpenBabel;
import org.svdd.oracle.VinaOracle;

/**
 * The docking targets Debian ships, prepared once into a receptor folder: Abl kinase from
 * autodock-vina's test data (already PDBQT, with the box of its {@code conf.txt}), and Aurora A from
 * rdkit-data's CalcLigRMSD example (PDB, converted by Open Babel as a rigid receptor; a 20 Å box around
 * its ATP site).
 */
public final class DockingTargets {
  /** Reward names of the bundled targets. */
  public static final String ABL = "vina-abl";
  public static final String AURKA = "vina-aurka";
  static final Path ABL_SOURCE = Path.of("/usr/share/doc/autodock-vina/test-data/protein.pdbqt.gz");
  static final Path AURKA_SOURCE = Path.of("/usr/share/RDKit/Contrib/CalcLigRMSD/data/aurka_protein_2c6e.pdb");
  private static final Map<String, double[][]> BOXES = Map.of(
      ABL, new double[][] {{11, 90.5, 57.5}, {22, 24, 28}},
      AURKA, new double[][] {{0.99, 9.66, 31.88}, {20, 20, 20}});

  private DockingTargets() {}

  public static List<String> names() {
    return List.of(ABL, AURKA);
  }

  /** Prefix of a user's own target: {@code vina:RECEPTOR:cx,cy,cz:sx,sy,sz}. */
  public static final String CUSTOM = "vina:";

  /** A user's target as written in a reward name: receptor file and box. */
  record Custom(Path receptor, double[] center, double[] size) {}

  /** Reads {@code vina:RECEPTOR:cx,cy,cz:sx,sy,sz}; fails naming what is wrong. */
  static Custom parseCustom(String reward) {
    String usage = "; write your own docking target as vina:RECEPTOR:cx,cy,cz:sx,sy,sz (receptor .pdbqt or .pdb, "
        + "box centre and size in Å), e.g. vina:/data/receptor.pdbqt:11,90.5,57.5:22,24,28";
    String[] parts = reward.substring(CUSTOM.length()).split(":");
    if (parts.length != 3 || parts[0].isBlank()) {
      throw new IllegalArgumentException("reward '" + reward + "' is not a docking target" + usage);
    }
    double[] center = triple(reward, "centre", parts[1], usage);
    double[] size = triple(reward, "size", parts[2], usage);
    for (double v : size) {
      if (!(v > 0 && v <= 126)) {
        throw new IllegalArgumentException("reward '" + reward + "': box sizes must be in (0, 126] Å, got " + v);
      }
    }
    String file = parts[0].toLowerCase(java.util.Locale.ROOT);
    if (!file.endsWith(".pdbqt") && !file.endsWith(".pdb")) {
      throw new IllegalArgumentException("reward '" + reward + "': the receptor must be a .pdbqt or .pdb file" + usage);
    }
    return new Custom(Path.of(parts[0]), center, size);
  }

  private static double[] triple(String reward, String what, String text, String usage) {
    String[] v = text.split(",");
    if (v.length != 3) {
      throw new IllegalArgumentException("reward '" + reward + "': the box " + what + " needs 3 numbers" + usage);
    }
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        out[i] = Double.parseDouble(v[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("reward '" + reward + "': box " + what + " '" + v[i] + "' is not a number" + usage);
      }
      if (!Double.isFinite(out[i])) {
        throw new IllegalArgumentException("reward '" + reward + "': box " + what + " must be finite" + usage);
      }
    }
    return out;
  }

  /**
   * The user's target named by {@code reward}; a .pdb receptor is converted by Open Babel (as a rigid
   * receptor) into {@code dir}, under a name of its content's digest.
   */
  public static VinaOracle.Target custom(String reward, Path dir, String obabel) {
    Custom c = parseCustom(reward);
    if (!Files.isReadable(c.receptor())) {
      throw new IllegalArgumentException("receptor " + c.receptor() + " of reward '" + reward + "' cannot be read");
    }
    Path receptor = c.receptor();
    if (receptor.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdb")) {
      makeFolder(dir, "receptor " + c.receptor());
      try {
        Path converted = dir.resolve("custom-" + ContentDigest.of(receptor) + ".pdbqt");
        if (!Files.isRegularFile(converted)) {
          install(OpenBabel.receptorToPdbqt(obabel, receptor, OpenBabel.TIMEOUT).getBytes(StandardCharsets.UTF_8),
              converted);
        }
        receptor = converted;
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot prepare receptor " + c.receptor() + ": " + e.getMessage(), e);
      }
    }
    return new VinaOracle.Target("custom", receptor, c.center(), c.size());
  }

  /** The target called {@code name}, its receptor prepared under {@code dir} if not there yet. */
  public static VinaOracle.Target prepare(String name, Path dir, String obabel) {
    double[][] box = BOXES.get(name);
    if (box == null) {
      throw new IllegalArgumentException("unknown docking target '" + name + "'; allowed: " + names());
    }
    makeFolder(dir, "the receptor of " + name);
    try {
      Path receptor = dir.resolve(name.substring("vina-".length()) + ".pdbqt");
      if (!Files.isRegularFile(receptor)) {
        install(name.equals(ABL) ? unzip(ABL_SOURCE)
            : OpenBabel.receptorToPdbqt(obabel, AURKA_SOURCE, OpenBabel.TIMEOUT).getBytes(StandardCharsets.UTF_8),
            receptor);
      }
      return new VinaOracle.Target(name, receptor, box[0], box[1]);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot prepare the receptor of " + name + " in " + dir + ": " + e.getMessage()
          + "; install it with 'apt-get install -y --no-install-recommends autodock-vina openbabel rdkit-data' "
          + "(or run bin/install-deps --molecules)", e);
    }
  }

  /** Creates the receptor folder, or fails naming it and the setting that moves it. */
  private static void makeFolder(Path dir, String what) {
    try {
      Files.createDirectories(dir);
      if (!Files.isWritable(dir)) {
        throw new java.nio.file.AccessDeniedException(dir.toString(), null, "not writable");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot prepare " + what + ": the receptor folder " + dir + " cannot be "
          + (Files.isDirectory(dir) ? "written" : "created") + " (" + org.svdd.core.reward.Failures.describe(e) + "); set "
          + "svdd.reward.vina.receptor-dir to a folder svdd can write", e);
    }
  }

  private static byte[] unzip(Path source) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(source))) {
      return in.readAllBytes();
    }
  }

  /** Writes {@code content} as {@code target} all at once: a reader finds the whole receptor or none. */
  private static void install(byte[] content, Path target) throws IOException {
    Path partial = Files.createTempFile(target.getParent(), ".receptor-", ".pdbqt");
    try {
      Files.write(partial, content);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
