package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Checks a user's docking target before the first dock. A receptor Vina cannot parse would otherwise fail
 * every dock alike, and a box beside the protein would score every design 0; either only shows after a
 * job's work is spent. Two checks: the box holds at least one of the receptor's atoms, and Vina reads the
 * receptor (it scores a three-atom probe ligand against it, about a second).
 */
public final class ReceptorCheck {
  /** Methanol, 3-D by Open Babel: small enough that Vina's grid around it costs little. */
  private static final String PROBE = """
      ROOT
      ATOM      1  C   UNL     1       1.047   0.072   0.062  0.00  0.00    +0.000 C
      ATOM      2  O   UNL     1       2.463   0.061   0.064  0.00  0.00    +0.000 OA
      ATOM      3  H   UNL     1       2.756   0.964  -0.146  0.00  0.00    +0.000 HD
      ENDROOT
      TORSDOF 0
      """;

  private ReceptorCheck() {}

  /**
   * Fails naming the problem when the target's box holds none of its receptor's atoms, or Vina cannot read
   * the receptor.
   *
   * @throws IllegalArgumentException the receptor or box is unusable
   * @throws OracleUnavailableException Vina is not installed
   */
  public static void check(VinaOracle.Target target, String vina, Duration timeout) {
    checkBox(target);
    Path binary = ProcessPool.resolve(vina, VinaOracle.INSTALL_HINT);
    Path work = null;
    try {
      work = ScratchDirs.create("svdd-receptor-check-");
      Path probe = Files.writeString(work.resolve("probe.pdbqt"), PROBE);
      ProgramRun.Result result = ProgramRun.run(List.of(binary.toString(), "--receptor",
          target.receptor().toAbsolutePath().toString(), "--ligand", probe.toString(), "--autobox", "--score_only",
          "--cpu", "1"), work, timeout);
      if (result.exitCode() != 0) {
        throw new IllegalArgumentException("Vina cannot read receptor " + target.receptor() + ": "
            + ProgramRun.message(result.err().isBlank() ? result.out() : result.err()));
      }
    } catch (TimeoutException e) {
      throw new IllegalArgumentException("Vina did not finish reading receptor " + target.receptor() + ": "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new OracleUnavailableException("cannot check receptor " + target.receptor() + " with Vina: " + e.getMessage());
    } finally {
      ScratchDirs.delete(work);
    }
  }

  /** Fails unless some ATOM or HETATM record of the receptor lies in the box. */
  static void checkBox(VinaOracle.Target target) {
    List<double[]> atoms;
    try (var lines = Files.lines(target.receptor())) {
      atoms = lines.filter(l -> l.startsWith("ATOM") || l.startsWith("HETATM")).map(ReceptorCheck::position)
          .filter(p -> p != null).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new IllegalArgumentException("receptor " + target.receptor() + " cannot be read: " + e.getMessage(), e);
    }
    if (atoms.isEmpty()) {
      throw new IllegalArgumentException("receptor " + target.receptor() + " has no ATOM or HETATM record with coordinates");
    }
    double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double[] a : atoms) {
      boolean inside = true;
      for (int k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k], a[k]);
        hi[k] = Math.max(hi[k], a[k]);
        inside &= Math.abs(a[k] - target.center()[k]) <= target.size()[k] / 2;
      }
      if (inside) {
        return;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "the docking box centred at (%s) Å with size (%s) Å holds none of the %d atoms of receptor %s, which lie "
            + "within x %.1f..%.1f, y %.1f..%.1f, z %.1f..%.1f Å; centre the box on the binding site",
        triple(target.center()), triple(target.size()), atoms.size(), target.receptor(), lo[0], hi[0], lo[1], hi[1],
        lo[2], hi[2]));
  }

  /** An ATOM/HETATM record's x, y, z (PDB columns 31–54), or null when they are not numbers. */
  private static double[] position(String line) {
    if (line.length() < 54) {
      return null;
    }
    try {
      return new double[] {Double.parseDouble(line.substring(30, 38).trim()),
          Double.parseDouble(line.substring(38, 46).trim()), Double.parseDouble(line.substring(46, 54).trim())};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String triple(double[] v) {
    return String.format(Locale.ROOT, "%s, %s, %s", num(v[0]), num(v[1]), num(v[2]));
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
