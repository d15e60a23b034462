package org.svdd.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.svdd.oracle.VinaOracle;

/** Debian's Abl kinase receptor (autodock-vina's test data), unpacked for a test, with the box of its conf.txt. */
public final class AblReceptor {
  private AblReceptor() {}

  /** The receptor unpacked into {@code dir} as abl.pdbqt, centred at (11, 90.5, 57.5) in a 22 × 24 × 28 Å box. */
  public static VinaOracle.Target unpack(Path dir) throws IOException {
    Path receptor = dir.resolve("abl.pdbqt");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(
        Path.of("/usr/share/doc/autodock-vina/test-data/protein.pdbqt.gz")))) {
      Files.copy(in, receptor);
    }
    return new VinaOracle.Target("abl", receptor, new double[] {11, 90.5, 57.5}, new double[] {22, 24, 28});
  }
}
