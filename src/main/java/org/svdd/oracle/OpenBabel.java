package org.svdd.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Open Babel's conversions around docking (a receptor's PDB to PDBQT, a docked pose to SDF), each run like a
 * dock: in a scratch folder of its own that goes when it ends or the launcher exits, killed past its timeout or
 * when the launcher stops, and failing with Open Babel's own words.
 */
public final class OpenBabel {
  /** How long one conversion may take: a receptor of thousands of atoms takes about a second. */
  public static final Duration TIMEOUT = Duration.ofMinutes(2);

  private OpenBabel() {}

  /** A receptor's PDB as rigid-receptor PDBQT text. */
  public static String receptorToPdbqt(String obabel, Path pdb, Duration timeout) throws IOException {
    if (!Files.isReadable(pdb)) {
      throw new IOException(pdb + " is missing");
    }
    return convert(List.of(obabel, "-xr", "-ipdb", pdb.toAbsolutePath().toString(), "-opdbqt", "-O", "out.pdbqt"),
        "out.pdbqt", null, timeout, "convert " + pdb + " to PDBQT", "ATOM");
  }

  /** One docked pose (Vina's PDBQT) as an SDF record titled {@code title}. */
  public static String poseToSdf(String obabel, String pdbqt, String title, Duration timeout) throws IOException {
    return convert(List.of(obabel, "-ipdbqt", "pose.pdbqt", "-osdf", "-O", "out.sdf", "--title", title),
        "out.sdf", pdbqt, timeout, "convert a docked pose to SDF", "$$$$");
  }

  private static String convert(List<String> command, String output, String input, Duration timeout, String what,
      String expected) throws IOException {
    Path dir = ScratchDirs.create("svdd-obabel-");
    try {
      if (input != null) {
        Files.writeString(dir.resolve("pose.pdbqt"), input, StandardCharsets.UTF_8);
      }
      ProgramRun.Result r = ProgramRun.run(command, dir, timeout);
      Path out = dir.resolve(output);
      String text = Files.isRegularFile(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
      if (r.exitCode() != 0 || !text.contains(expected)) {
        throw new IOException("Open Babel could not " + what + " (exit " + r.exitCode() + "): "
            + ProgramRun.message(r.err() + "\n" + r.out()));
      }
      return text;
    } catch (TimeoutException e) {
      throw new IOException("Open Babel could not " + what + ": " + e.getMessage(), e);
    } finally {
      ScratchDirs.delete(dir);
    }
  }
}
