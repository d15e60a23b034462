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
import org.svdd.testing.ShellScripts;

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
    VinaRun run = new VinaRun(command, ligands, ligands.size(), Files.createDirectory(dir.resolve("run")), Duration.ofMinutes(2));

    List<DockingSlots.Ligand> stolen = run.stealTail();
    assertEquals(List.of(ligands.get(2)), stolen, "keeps the ligand Vina starts on and the next, hands over the rest");
    assertFalse(Files.exists(dir.resolve("l2.pdbqt")), "renamed out of this Vina's way");
    assertTrue(Files.isRegularFile(stolen.get(0).file()));

    Recorder recorder = new Recorder();
    assertEquals(List.of(), run.run(recorder), "nothing of its share is left to queue again");
    assertEquals(List.of(), recorder.failed, "Vina stopping at the moved file blames no one");
    assertEquals(List.of(ligands.get(0), ligands.get(1)), recorder.docked);

    Recorder thief = new Recorder();
    assertEquals(List.of(), new VinaRun(command, stolen, stolen.size(), Files.createDirectory(dir.resolve("thief")),
        Duration.ofMinutes(2)).run(thief));
    assertEquals(stolen, thief.docked);
    assertTrue(thief.poses.get(0).contains("MODEL 1"), "the thief's Vina names the poses after the moved file");
  }

  /**
   * For tests only: docks as Vina's batch mode does, after a 1 s grid, opening each file when it reaches it
   * (announcing it) and stopping at one it cannot open; each dock takes 1 s.
   */
  static final String BATCH_FAKE = String.join("\n", "files=''",
      "while [ $# -gt 0 ]; do case \"$1\" in",
      "  --batch) shift; while [ $# -gt 0 ] && [ \"${1#--}\" = \"$1\" ]; do files=\"$files $1\"; shift; done;;",
      "  *) shift;;", "esac; done", "sleep 1",
      "for f in $files; do", "  [ -r \"$f\" ] || { echo \"Error: could not open \\\"$f\\\" for reading.\" >&2; exit 1; }",
      "  echo 'Performing docking (random seed: 1) ... '", "  sleep 1",
      "  printf -- '-----+------------+----------+----------\\n   1       -6.000          0          0\\n'", "done");

  @Test
  void seat_whileVinaWorks_docksInTheSameRun_andAnEmptySeatEndsItBlamingNoOne() throws Exception {
    List<DockingSlots.Ligand> ligands = fakeLigands(4);
    Path runDir = Files.createDirectory(dir.resolve("run"));
    VinaRun run = new VinaRun(List.of(ShellScripts.write(dir, "vina-batch-fake", BATCH_FAKE).toString()), ligands.subList(0, 1), 4,
        runDir, Duration.ofMinutes(1));
    assertTrue(run.seat(ligands.get(1)), "a seat before Vina starts");
    assertEquals(runDir.resolve("seat1.pdbqt"), ligands.get(1).file(), "its file moved into the seat");

    Recorder recorder = new Recorder();
    CompletableFuture<List<DockingSlots.Ligand>> left = CompletableFuture.supplyAsync(() -> {
      try {
        return run.run(recorder);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // the first is answered once Vina begins the second, the last it has: the next seat is opened after it
    recorder.first.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(run.seat(ligands.get(2)), "a seat while Vina docks the ligand before it");

    assertEquals(List.of(), left.get(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(ligands.subList(0, 3), recorder.docked, "one Vina, one grid, three ligands");
    assertEquals(List.of(), recorder.failed, "Vina stopping at the empty seat blames no one");
    assertFalse(run.seat(ligands.get(3)), "a finished run has no seats");
    assertTrue(Files.isRegularFile(dir.resolve("l3.pdbqt")), "a refused ligand stays where it was");
  }

  /**
   * One job cancelled while its ligand waits behind another job's in the same Vina: the run ends before it,
   * the ligand being docked is answered, the one after the cancelled is handed back at once to dock elsewhere.
   */
  @Test
  void cancelledLigand_behindTheOneVinaDocks_isCutOut_withoutLosingTheOthers() throws Exception {
    List<DockingSlots.Ligand> ligands = fakeLigands(4);
    VinaRun run = fakeBatchRun(ligands);
    ligands.get(2).answer().cancel(true);
    Recorder recorder = new Recorder();

    assertEquals(List.of(), run.run(recorder), "nothing left to queue again when the run ends");
    assertEquals(ligands.subList(0, 2), recorder.docked, "the ligands before the cancelled one are docked");
    assertEquals(List.of(), recorder.failed, "Vina stopping where the cancelled ligand was blames no one");
    assertEquals(List.of(ligands.get(3)), recorder.handedBack, "the one after it docks elsewhere");
    assertEquals(dir, ligands.get(3).file().getParent(), "in its own folder");
    assertTrue(Files.isRegularFile(ligands.get(3).file()));
    assertFalse(Files.exists(dir.resolve("l2.pdbqt")), "the cancelled ligand's file is gone from Vina's way");
  }

  /**
   * The ligand Vina docks cancelled: Vina is killed at once. The next one cancelled: Vina may already have
   * opened it, so Vina finishes the one it docks and is killed when it reaches the cancelled one. Either way the
   * ligands after it are queued again.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "ligand {0} of 4 cancelled")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
  void cancelledLigand_theOneVinaDocksOrTheNext_stopsVinaWhenItGetsThere(int cancelled) throws Exception {
    List<DockingSlots.Ligand> ligands = fakeLigands(4);
    VinaRun run = fakeBatchRun(ligands);
    ligands.get(cancelled).answer().cancel(true);
    Recorder recorder = new Recorder();

    assertEquals(ligands.subList(cancelled + 1, 4), run.run(recorder), "the ones after it are queued again");
    assertEquals(ligands.subList(0, cancelled), recorder.docked, "the ones before it are docked");
    assertEquals(List.of(), recorder.failed);
    assertEquals(List.of(), recorder.handedBack);
  }

  @Test
  void vina_runsWithGlibcHugePages_addedToTheUsersTunables() throws Exception {
    // For tests only: records its environment's tunables, then docks nothing
    Path env = dir.resolve("tunables.txt");
    Path fake = ShellScripts.write(dir, "vina-env", "printf '%s' \"$GLIBC_TUNABLES\" > " + env);
    new VinaRun(List.of(fake.toString()), fakeLigands(1), 1, Files.createDirectory(dir.resolve("run")),
        Duration.ofMinutes(1)).run(new Recorder());
    String tunables = Files.readString(env);
    String inherited = System.getenv("GLIBC_TUNABLES");
    assertEquals(inherited == null ? VinaRun.HUGE_PAGES : inherited + ":" + VinaRun.HUGE_PAGES, tunables);
  }

  @Test
  void seat_allTaken_isRefused() throws Exception {
    List<DockingSlots.Ligand> ligands = fakeLigands(3);
    VinaRun run = new VinaRun(List.of("vina"), ligands.subList(0, 1), 2, Files.createDirectory(dir.resolve("run")),
        Duration.ofMinutes(1));
    assertTrue(run.seat(ligands.get(1)));
    assertFalse(run.seat(ligands.get(2)));
    assertEquals(2, run.ahead());
  }

  @Test
  void seatedLigand_whoseVinaCrashed_isBlamedAndBackInItsOwnFolder_forItsRetry() throws Exception {
    List<DockingSlots.Ligand> ligands = fakeLigands(2);
    Path crash = ShellScripts.write(dir, "vina-one-then-crash", String.join("\n", "echo 'Performing docking (random seed: 1) ... '",
        "printf -- '-----+------------+----------+----------\\n   1       -7.000          0          0\\n'",
        "echo 'Segmentation fault' >&2", "exit 139"));
    Path runDir = Files.createDirectory(dir.resolve("run"));
    VinaRun run = new VinaRun(List.of(crash.toString()), ligands.subList(0, 1), 4, runDir, Duration.ofMinutes(1));
    assertTrue(run.seat(ligands.get(1)));
    Recorder recorder = new Recorder();
    assertEquals(List.of(), run.run(recorder));
    assertEquals(List.of(ligands.get(0)), recorder.docked);
    assertEquals(List.of("Vina exited with code 139: Segmentation fault"), recorder.failed);
    assertEquals(dir.resolve("l1.pdbqt"), ligands.get(1).file(), "home again under the name it was prepared with");
    assertTrue(Files.isRegularFile(ligands.get(1).file()));
    assertFalse(Files.exists(runDir), "the run's folder is gone");
  }

  @Test
  void seatedLigand_vinaLookedForTheSeatJustBeforeIt_isHandedBackUnblamed() throws Exception {
    List<DockingSlots.Ligand> ligands = fakeLigands(2);
    // For tests only: docks its first file, then reports the second missing, as Vina would had it looked first
    Path late = ShellScripts.write(dir, "vina-looked-too-soon", String.join("\n", "shift; first=$1; second=$2",
        "echo 'Performing docking (random seed: 1) ... '",
        "printf -- '-----+------------+----------+----------\\n   1       -7.000          0          0\\n'",
        "echo \"Error: could not open \\\"$second\\\" for reading.\" >&2", "exit 1"));
    VinaRun run = new VinaRun(List.of(late.toString()), ligands.subList(0, 1), 4, Files.createDirectory(dir.resolve("run")),
        Duration.ofMinutes(1));
    assertTrue(run.seat(ligands.get(1)));
    Recorder recorder = new Recorder();
    assertEquals(List.of(ligands.get(1)), run.run(recorder), "to be queued again");
    assertEquals(List.of(), recorder.failed);
    assertEquals(dir.resolve("l1.pdbqt"), ligands.get(1).file(), "out of the run's folder, which is gone");
    assertTrue(Files.isRegularFile(ligands.get(1).file()));
  }

  /** A run of {@code ligands}, no seat beyond them, under the fake batch Vina. */
  private VinaRun fakeBatchRun(List<DockingSlots.Ligand> ligands) throws Exception {
    return new VinaRun(List.of(ShellScripts.write(dir, "vina-batch-fake", BATCH_FAKE).toString()), ligands, ligands.size(),
        Files.createDirectory(dir.resolve("run")), Duration.ofMinutes(1));
  }

  /** For tests only: ligand files the fake Vinas never read, each in a folder of its own like prepared ones. */
  private List<DockingSlots.Ligand> fakeLigands(int n) throws Exception {
    List<DockingSlots.Ligand> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path file = Files.writeString(dir.resolve("l" + i + ".pdbqt"), "REMARK ligand " + i + "\n");
      out.add(new DockingSlots.Ligand(file, new CompletableFuture<>(), 0));
    }
    return out;
  }


  /** For tests only: what a run reported. */
  private static final class Recorder implements VinaRun.Listener {
    final List<DockingSlots.Ligand> docked = new ArrayList<>();
    final List<String> poses = new ArrayList<>();
    final List<String> failed = new ArrayList<>();
    final List<DockingSlots.Ligand> handedBack = new ArrayList<>();
    final CompletableFuture<DockingSlots.Ligand> first = new CompletableFuture<>();

    @Override
    public void docked(DockingSlots.Ligand ligand, double affinity, String pose, double seconds) {
      assertTrue(affinity < 0 && seconds > 0);
      docked.add(ligand);
      poses.add(pose);
      first.complete(ligand);
    }

    @Override
    public void failed(DockingSlots.Ligand ligand, String reason, double seconds, boolean worthRetrying) {
      failed.add(reason);
    }

    @Override
    public void handedBack(List<DockingSlots.Ligand> ligands) {
      handedBack.addAll(ligands);
    }
  }
}
