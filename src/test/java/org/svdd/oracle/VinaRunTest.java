package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Vina process over several ligands, with Debian's autodock-vina, openbabel and python3-rdkit. */
class VinaRunTest {
  @TempDir Path dir;

  @Test
  void stealTail_beforeVinaReachesIt_vinaStopsThereBlamingNoOne_andTheThiefDocksIt() throws Exception {
    Path receptor = org.svdd.testing.AblReceptor.unpack(dir).receptor();
    List<String> command = List.of("vina", "--receptor", receptor.toString(), "--center_x", "11", "--center_y", "90.5",
        "--center_z", "57.5", "--size_x", "22", "--size_y", "24", "--size_z", "28", "--exhaustiveness", "1", "--cpu", "1",
        "--seed", "1");
    List<DockingSlots.Ligand> ligands = new ArrayList<>();
    try (RdkitOracle rdkit = new RdkitOracle(null, RdkitOracle.Score.QED, RdkitOracle.defaults())) {
      for (String smiles : List.of("CC(=O)Oc1ccccc1C(=O)O", "CC(=O)Nc1ccc(O)cc1", "OC(=O)c1ccccc1O")) {
        Path mol = dir.resolve("l" + ligands.size() + ".mol");
        Path pdbqt = dir.resolve("l" + ligands.size() + ".pdbqt");
        assertEquals(null, rdkit.embed(smiles, 42, mol).join());
        assertEquals(0, ProgramRun.run(List.of("obabel", mol.toString(), "-O", pdbqt.toString()), dir,
            Duration.ofMinutes(1)).exitCode());
        ligands.add(new DockingSlots.Ligand(pdbqt, new CompletableFuture<>(), 0));
      }
    }
    VinaRun run = new VinaRun(command, ligands, Files.createDirectory(dir.resolve("run")), Duration.ofMinutes(2));

    List<DockingSlots.Ligand> stolen = run.stealTail();
    assertEquals(List.of(ligands.get(2)), stolen, "keeps the ligand Vina starts on and the next, hands over the rest");
    assertFalse(Files.exists(dir.resolve("l2.pdbqt")), "renamed out of this Vina's way");
    assertTrue(Files.isRegularFile(stolen.get(0).file()));

    Recorder recorder = new Recorder();
    assertEquals(List.of(), run.run(recorder), "nothing of its share is left to queue again");
    assertEquals(List.of(), recorder.failed, "Vina stopping at the moved file blames no one");
    assertEquals(List.of(ligands.get(0), ligands.get(1)), recorder.docked);

    Recorder thief = new Recorder();
    assertEquals(List.of(), new VinaRun(command, stolen, Files.createDirectory(dir.resolve("thief")),
        Duration.ofMinutes(2)).run(thief));
    assertEquals(stolen, thief.docked);
    assertTrue(thief.poses.get(0).contains("MODEL 1"), "the thief's Vina names the poses after the moved file");
  }

  /** For tests only: what a run reported. */
  private static final class Recorder implements VinaRun.Listener {
    final List<DockingSlots.Ligand> docked = new ArrayList<>();
    final List<String> poses = new ArrayList<>();
    final List<String> failed = new ArrayList<>();

    @Override
    public void docked(DockingSlots.Ligand ligand, double affinity, String pose, double seconds) {
      assertTrue(affinity < 0 && seconds > 0);
      docked.add(ligand);
      poses.add(pose);
    }

    @Override
    public void failed(DockingSlots.Ligand ligand, String reason, double seconds) {
      failed.add(reason);
    }
  }
}
