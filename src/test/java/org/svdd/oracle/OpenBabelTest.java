package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.testing.ShellScripts;

/** Open Babel's conversions around docking, with the real binary (bin/install-deps) and with named fakes. */
class OpenBabelTest {
  @TempDir Path dir;

  @Test
  void poseToSdf_realPose_isOneTitledRecord() throws Exception {
    Process p = new ProcessBuilder("obabel", "-:CC(=O)Oc1ccccc1C(=O)O", "--gen3d", "-opdbqt")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String pdbqt = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    String sdf = OpenBabel.poseToSdf("obabel", pdbqt, "svdd-3 reward=7.100 aspirin", Duration.ofMinutes(1));
    assertTrue(sdf.startsWith("svdd-3 reward=7.100 aspirin\n"), sdf);
    assertEquals(1, sdf.split("\\$\\$\\$\\$", -1).length - 1, "one record");
  }

  @Test
  void poseToSdf_unreadablePose_failsWithOpenBabelsWords() {
    IOException e = assertThrows(IOException.class,
        () -> OpenBabel.poseToSdf("obabel", "ATOM garbage\n", "t", Duration.ofMinutes(1)));
    assertTrue(e.getMessage().startsWith("Open Babel could not convert a docked pose to SDF (exit 0): "), e.getMessage());
    assertTrue(e.getMessage().contains("Problems reading a PDBQT file"), e.getMessage());
  }

  @Test
  void receptorToPdbqt_notAPdb_saysItConvertedNothing() throws IOException {
    Path pdb = Files.writeString(dir.resolve("notes.pdb"), "hello world\n");
    IOException e = assertThrows(IOException.class, () -> OpenBabel.receptorToPdbqt("obabel", pdb, Duration.ofMinutes(1)));
    assertEquals("Open Babel could not convert " + pdb + " to PDBQT (exit 0): 0 molecules converted", e.getMessage());
  }

  @Test
  void hungConversion_isKilledAtItsTimeoutAndItsFolderRemoved() throws Exception {
    Path pid = dir.resolve("pid");
    Path cwd = dir.resolve("cwd");
    Path hanging = ShellScripts.write(dir, "obabel-hangs", "pwd > " + cwd + "\nsleep 60 &\necho $! > " + pid + "\nwait");
    IOException e = assertThrows(IOException.class,
        () -> OpenBabel.poseToSdf(hanging.toString(), "ATOM\n", "t", Duration.ofMillis(500)));
    assertTrue(e.getMessage().startsWith("Open Babel could not convert a docked pose to SDF: "), e.getMessage());
    assertTrue(e.getMessage().contains("took longer than 0.5 s"), e.getMessage());
    long sleeper = Long.parseLong(Files.readString(pid).strip());
    java.util.Optional<ProcessHandle> child = ProcessHandle.of(sleeper);
    if (child.isPresent()) { // killed, perhaps not yet reaped: its 60 s sleep would outlast this wait
      child.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertFalse(Files.exists(Path.of(Files.readString(cwd).strip())), "its scratch folder is removed");
  }

  @Test
  void failedConversion_namesTheExitCodeAndRemovesItsFolder() throws Exception {
    Path cwd = dir.resolve("cwd");
    Path crashing = ShellScripts.write(dir, "obabel-crashes", "pwd > " + cwd + "\necho 'Segmentation fault' >&2\nexit 139");
    IOException e = assertThrows(IOException.class, () -> OpenBabel.receptorToPdbqt(crashing.toString(),
        Files.writeString(dir.resolve("r.pdb"), "ATOM\n"), Duration.ofMinutes(1)));
    assertTrue(e.getMessage().endsWith("to PDBQT (exit 139): Segmentation fault"), e.getMessage());
    assertFalse(Files.exists(Path.of(Files.readString(cwd).strip())));
  }

}
