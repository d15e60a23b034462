package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.testing.ShellScripts;

/** Against Debian's autodock-vina, openbabel and python3-rdkit; stand-in programs for the failures. */
class VinaOracleTest {
  private static final String ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O";
  @TempDir static Path shared;
  private static VinaOracle.Target abl;

  @TempDir Path dir;

  /** Abl kinase from autodock-vina's test data, with the box of its conf.txt. */
  @BeforeAll
  static void unpackReceptor() throws IOException {
    abl = org.svdd.testing.AblReceptor.unpack(shared);
  }

  private static VinaOracle oracle(VinaOracle.Settings settings) {
    return new VinaOracle(LIST_CODEC, abl, settings, new RdkitOracle(NO_CODEC, RdkitOracle.Score.QED, RdkitOracle.defaults()));
  }

  private static VinaOracle.Settings settings(String vina, String obabel, Duration timeout) {
    return new VinaOracle.Settings(vina, obabel, 2, 1, 1, 42, timeout, 1, 8);
  }

  @Test
  void dock_aspirinOnAbl_isDeterministicWhateverTheAtomOrder() {
    try (VinaOracle vina = oracle(settings("vina", "obabel", Duration.ofMinutes(2)))) {
      var first = vina.dock(ASPIRIN);
      var second = vina.dock("OC(=O)c1ccccc1OC(C)=O");
      // DATA.md: aspirin, ETKDG seed + MMFF, exhaustiveness 1, seed 1 docks at -5.154 kcal/mol on this receptor
      assertEquals(5.154, first.join().reward().value(), 1e-9, first.join().reward().detail());
      assertEquals(first.join().reward(), second.join().reward());
      assertEquals("affinity -5.154 kcal/mol", first.join().reward().detail());
      assertTrue(first.join().pose().contains("MODEL 1") && first.join().pose().endsWith("ENDMDL\n"));
    }
  }

  @Test
  void identity_namesVinaOpenBabelAndRdkitVersions_soAnUpgradeIsAnotherOracle() throws IOException {
    Path newer = ShellScripts.write(dir, "vina-newer", "[ \"$1\" = --version ] && echo 'AutoDock Vina v9.9.9' && exit 0\nexec vina \"$@\"");
    try (VinaOracle real = oracle(settings("vina", "obabel", Duration.ofMinutes(2)));
        VinaOracle upgraded = oracle(settings(newer.toString(), "obabel", Duration.ofMinutes(2)))) {
      String rdkit = "RDKit \\d{4}\\.\\d{2}\\.\\d+";
      assertTrue(real.identity().matches("vina\\|abl\\|AutoDock Vina v\\d+\\.\\d+\\.\\d+\\|Open Babel \\d+\\.\\d+\\.\\d+.*\\|"
          + rdkit + "\\|receptor [0-9a-f]{16}\\|box .*\\|exhaustiveness 1\\|seed 1\\|conformer 42\\|embed attempts 100"), real.identity());
      assertEquals(real.identity().replaceFirst("AutoDock Vina v[^|]*", "AutoDock Vina v9.9.9"), upgraded.identity());
    }
  }

  @Test
  void dockAgain_oneMoleculeTwice_docksTwiceToTheSameAffinityAndPose() {
    try (VinaOracle vina = oracle(settings("vina", "obabel", Duration.ofMinutes(2)))) {
      VinaOracle.Dock first = vina.dockAgain(ASPIRIN).join();
      VinaOracle.Dock second = vina.dockAgain(ASPIRIN).join();
      assertEquals(2, vina.docks(), "docked again, not answered from memory");
      assertTrue(second.seconds() > 0);
      assertEquals(first.reward(), second.reward());
      assertEquals(first.pose(), second.pose());
      assertEquals(0.0, vina.dock(ASPIRIN).join().seconds(), "a plain dock is answered from memory");
    }
  }

  @Test
  void dock_severalLigandsInOneVinaRun_sameAffinitiesAndPosesAsOneProcessEach() {
    List<String> molecules = List.of(ASPIRIN, "CC(=O)Nc1ccc(O)cc1", "OC(=O)c1ccccc1O");
    List<VinaOracle.Dock> alone;
    try (VinaOracle vina = oracle(new VinaOracle.Settings("vina", "obabel", 1, 1, 1, 42, Duration.ofMinutes(2), 1, 1))) {
      alone = molecules.stream().map(vina::dock).toList().stream().map(java.util.concurrent.CompletableFuture::join).toList();
      assertEquals(3, vina.vinaRuns());
    }
    try (VinaOracle vina = oracle(new VinaOracle.Settings("vina", "obabel", 1, 1, 1, 42, Duration.ofMinutes(2), 1, 8))) {
      List<VinaOracle.Dock> batched = molecules.stream().map(vina::dock).toList().stream()
          .map(java.util.concurrent.CompletableFuture::join).toList();
      assertTrue(vina.vinaRuns() < 3, "one slot, three ligands prepared together: some share a Vina and its grid");
      for (int i = 0; i < molecules.size(); i++) {
        assertEquals(alone.get(i).reward(), batched.get(i).reward(), molecules.get(i));
        assertEquals(alone.get(i).pose(), batched.get(i).pose(), molecules.get(i));
        assertTrue(batched.get(i).pose().contains("MODEL 1"), molecules.get(i));
        assertTrue(batched.get(i).seconds() > 0, molecules.get(i));
      }
    }
  }

  @Test
  void dock_vinaCrashingAfterItsFirstLigand_answersThatOneAndDocksTheRestAgain() throws IOException {
    Path crash = ShellScripts.write(dir, "vina-one-then-crash", String.join("\n", "echo 'Performing docking (random seed: 1) ... '",
        "printf -- '-----+------------+----------+----------\\n   1       -7.000          0          0\\n'",
        "echo 'Segmentation fault' >&2", "exit 139"));
    VinaOracle.Settings oneSlot = new VinaOracle.Settings(crash.toString(), "obabel", 1, 1, 1, 42, Duration.ofMinutes(1), 1, 8);
    try (VinaOracle vina = oracle(oneSlot)) {
      List<VinaOracle.Dock> docks = java.util.stream.Stream.of(ASPIRIN, "CC(=O)Nc1ccc(O)cc1", "OC(=O)c1ccccc1O")
          .map(vina::dock).toList().stream().map(java.util.concurrent.CompletableFuture::join).toList();
      for (VinaOracle.Dock d : docks) {
        assertEquals(7.0, d.reward().value(), d.reward().detail());
      }
      // each run answers its first ligand and blames the next (it could not be read, as far as anyone can tell),
      // which is docked again first in the next run: three runs, whichever ligands were prepared together
      assertEquals(3, vina.vinaRuns());
    }
  }

  @Test
  void scoreCounting_timesEachDockItRan_andNothingForOneAnsweredFromMemory() {
    try (VinaOracle vina = oracle(settings("vina", "obabel", Duration.ofMinutes(2)))) {
      long started = System.nanoTime();
      var docked = vina.scoreCounting(List.of(new TokenState(new int[] {0}))).join();
      double wall = (System.nanoTime() - started) / 1e9;
      assertEquals(1, docked.oracleCalls());
      assertTrue(docked.oracleSeconds() > 0 && docked.oracleSeconds() <= wall,
          "the slot's busy time, " + docked.oracleSeconds() + " s, within the call's " + wall + " s");
      assertTrue(vina.slotSeconds() > 0 && vina.slotSeconds() < docked.oracleSeconds(),
          "Vina's own seconds, " + vina.slotSeconds() + ", leave out the preparation the call's " + docked.oracleSeconds() + " include");
      var again = vina.scoreCounting(List.of(new TokenState(new int[] {0}))).join();
      assertEquals(docked.rewards(), again.rewards());
      assertEquals(0, again.oracleCalls());
      assertEquals(0.0, again.oracleSeconds(), "answered from memory: no oracle time");
    }
  }

  @Test
  void dock_askedAgainTheMomentTheFirstAnswerArrives_isAnsweredFromMemory() {
    try (VinaOracle vina = oracle(settings("vina", "obabel", Duration.ofMinutes(2)))) {
      // runs on the thread that answers the first dock, as soon as it does
      VinaOracle.Dock again = vina.dock(ASPIRIN).thenApply(first -> vina.dock(ASPIRIN).getNow(null)).join();
      assertTrue(again != null && again.seconds() == 0, "remembered before the caller hears: " + again);
      assertEquals(1, vina.docks());
    }
  }

  @Test
  void dock_invalidMolecule_scoresZeroWithTheReasonAndRunsNoVina() {
    try (VinaOracle vina = oracle(settings("vina", "obabel", Duration.ofMinutes(1)))) {
      VinaOracle.Dock dock = vina.dock("C(C)(C)(C)(C)C").join();
      assertEquals(0.0, dock.reward().value());
      assertTrue(dock.reward().detail().startsWith("invalid: Explicit valence"), dock.reward().detail());
      assertTrue(!dock.reward().failed(), "an invalid molecule is an answer, remembered like any other");
      assertEquals("invalid: no atoms", vina.dock("").join().reward().detail());
      assertEquals(0, vina.vinaRuns());
    }
  }

  @Test
  void dock_vinaCrashing_isRetriedThenScoresZeroWithTheExitCode() throws IOException {
    Path crash = ShellScripts.write(dir, "vina-crash", "echo 'Segmentation fault' >&2; exit 139");
    try (VinaOracle vina = oracle(settings(crash.toString(), "obabel", Duration.ofMinutes(1)))) {
      VinaOracle.Dock dock = vina.dock(ASPIRIN).join();
      assertEquals(0.0, dock.reward().value());
      assertEquals("docking failed after 2 attempts: Vina exited with code 139: Segmentation fault", dock.reward().detail());
      assertTrue(dock.reward().failed(), "a crash is not the molecule's fault: asked again later");
      assertEquals(2, vina.vinaRuns());
    }
  }

  @Test
  void dock_vinaHanging_isKilledWithItsChildrenAndScoresZero() throws IOException {
    Path hang = ShellScripts.write(dir, "vina-hang", "sleep 600 & sleep 600; wait");
    try (VinaOracle vina = oracle(settings(hang.toString(), "obabel", Duration.ofMillis(500)))) {
      VinaOracle.Dock dock = vina.dock(ASPIRIN).join();
      assertTrue(dock.reward().detail().matches("docking failed after 1 attempt: .*vina-hang took longer than 0.5 s "
          + "\\(not docked again by this node: the seeded search would take as long again\\)"), dock.reward().detail());
      assertEquals(0.0, dock.reward().value());
      assertTrue(dock.reward().failed(), "a failure, not an answer about the molecule: kept out of the archive");
      VinaOracle.Dock again = vina.dock(ASPIRIN).join();
      assertEquals(dock.reward(), again.reward());
      assertEquals(0, again.seconds(), "answered from this node's memory");
      assertEquals(1, vina.vinaRuns(), "an overrun is docked neither again at once (retries = 1 here) nor when asked "
          + "again: the seeded search would do the same work and overrun again");
    }
    long left = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("sleep 600")).orElse(false))
        .filter(p -> p.parent().map(pp -> pp.info().commandLine().map(c -> c.contains(hang.toString())).orElse(true)).orElse(true))
        .count();
    assertEquals(0, left, "no process of the hung dock is left");
  }

  /**
   * For tests only: docks as Vina does, opening each ligand file when it reaches it and stopping at one it
   * cannot open; a lone ligand (--ligand) takes 4 s, each of a batch 2 s.
   */
  private static final String BATCH_FAKE = String.join("\n", "files=''; pause=4",
      "while [ $# -gt 0 ]; do case \"$1\" in",
      "  --batch) pause=2; shift; while [ $# -gt 0 ] && [ \"${1#--}\" = \"$1\" ]; do files=\"$files $1\"; shift; done;;",
      "  --ligand) files=\"$2\"; shift 2;;", "  *) shift;;", "esac; done",
      "for f in $files; do", "  [ -r \"$f\" ] || { echo \"Error: could not open $f for reading.\" >&2; exit 1; }",
      "  echo 'Performing docking (random seed: 1) ... '", "  sleep $pause",
      "  printf -- '-----+------------+----------+----------\\n   1       -6.000          0          0\\n'", "done");

  @Test
  void dock_preparedWhileTheOnlySlotDocks_takesASeatInItsVina() throws Exception {
    VinaOracle.Settings oneSlot = new VinaOracle.Settings(ShellScripts.write(dir, "vina-batch-fake", BATCH_FAKE).toString(), "obabel", 1,
        1, 1, 42, Duration.ofMinutes(1), 1, 8);
    try (VinaOracle vina = oracle(oneSlot)) {
      var first = vina.dock(ASPIRIN);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (vinaProcesses() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      var second = vina.dock("CC(=O)Nc1ccc(O)cc1");
      assertEquals(6.0, first.join().reward().value(), first.join().reward().detail());
      assertEquals(6.0, second.join().reward().value(), second.join().reward().detail());
      assertEquals(1, vina.vinaRuns(), "the second, asked for once Vina had started, docked by that Vina");
      assertEquals(0, vina.restarts(), "Vina stopping at its empty seats blames no one");
    }
  }

  @Test
  void dock_slotWithNothingQueued_takesTheLigandsAnotherSlotsVinaHasNotReached() throws Exception {
    Path fake = ShellScripts.write(dir, "vina-batch-fake", BATCH_FAKE);
    VinaOracle.Settings twoSlots = new VinaOracle.Settings(fake.toString(), "obabel", 2, 1, 1, 42, Duration.ofMinutes(1), 1, 8);
    try (VinaOracle vina = oracle(twoSlots)) {
      var first = vina.dock(ASPIRIN);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (vinaProcesses() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      // the other slot takes these five in one run; the first slot, done with aspirin, takes its untouched tail
      List<java.util.concurrent.CompletableFuture<VinaOracle.Dock>> five = java.util.stream.Stream.of(
          "CC(=O)Nc1ccc(O)cc1", "OC(=O)c1ccccc1O", "c1ccccc1O", "CCO", "CC(C)Cc1ccc(C(C)C(=O)O)cc1").map(vina::dock).toList();
      assertEquals(6.0, first.join().reward().value());
      for (var dock : five) {
        assertEquals(6.0, dock.join().reward().value(), dock.join().reward().detail());
      }
      assertEquals(3, vina.vinaRuns(), "aspirin alone, the five together, then their tail on the freed slot");
      assertEquals(0, vina.restarts(), "the Vina whose tail was taken stops at it without blaming a ligand");
    }
  }

  @Test
  void close_withDocksRunning_answersThemAsFailedAndLeavesNoVina() throws Exception {
    VinaOracle.Settings slow = new VinaOracle.Settings("vina", "obabel", 1, 32, 1, 42, Duration.ofMinutes(5), 1, 8);
    java.util.concurrent.CompletableFuture<VinaOracle.Dock> docking;
    try (VinaOracle vina = oracle(slow)) {
      docking = vina.dock(MOLECULES.get(0));
      assertEquals(1, steadyVinaProcesses());
    }
    VinaOracle.Dock dock = docking.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(dock.reward().failed(), "never left waiting: " + dock.reward().detail());
    assertEquals("docking stopped: the docking oracle was closed", dock.reward().detail());
    assertEquals(0, vinaProcesses());
  }

  @Test
  void cancel_runningAndQueuedDocks_killsVinaAtOnce() throws Exception {
    VinaOracle.Settings slow = new VinaOracle.Settings("vina", "obabel", 1, 32, 1, 42, Duration.ofMinutes(5), 1, 8);
    try (VinaOracle vina = oracle(slow)) {
      var docking = vina.score(List.of(new TokenState(new int[] {0}), new TokenState(new int[] {1})))
          .toCompletableFuture();
      assertEquals(1, steadyVinaProcesses(), "one slot: the first molecule docks, the second waits");
      docking.cancel(true);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (vinaProcesses() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(0, vinaProcesses(), "no Vina is left running for a cancelled request");
      Thread.sleep(500);
      assertEquals(0, vinaProcesses(), "the queued dock never starts");
      assertEquals(1, vina.vinaRuns());
    }
  }

  /**
   * The number of Vina processes once some run and two counts 100 ms apart agree (at most a minute). One count alone
   * can catch a Vina as it starts: setpriv, which starts it, names the receptor too, and while it turns into Vina its
   * command line reads empty for a moment.
   */
  private static long steadyVinaProcesses() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = vinaProcesses();
      if (now > 0 && now == last) {
        return now;
      }
      last = now;
      Thread.sleep(100);
    }
    return vinaProcesses();
  }

  /** Vina processes docking against this test class's receptor. */
  private static long vinaProcesses() {
    String receptor = abl.receptor().toString();
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains(receptor)).orElse(false)).count();
  }

  @Test
  void dock_openBabelCrashingOnce_isTriedAgainAndDocksAsIfItNeverHad() throws IOException {
    Path tries = dir.resolve("tries");
    Path once = ShellScripts.write(dir, "obabel-crashes-once", String.join("\n",
        "[ \"$1\" = -V ] && exec obabel -V",
        "echo try >> " + tries,
        "if [ \"$(wc -l < " + tries + ")\" -eq 1 ]; then echo partial > ligand.pdbqt; echo 'Segmentation fault' >&2; exit 139; fi",
        "exec obabel \"$@\""));
    try (VinaOracle vina = oracle(settings("vina", once.toString(), Duration.ofMinutes(2)))) {
      VinaOracle.Dock dock = vina.dock(ASPIRIN).join();
      assertEquals("affinity -5.154 kcal/mol", dock.reward().detail(), "the same answer as a calm Open Babel's");
      assertEquals(2, Files.readAllLines(tries).size());
    }
  }

  @Test
  void dock_openBabelCrashingEveryTime_failsTheDockWithoutMarkingTheMoleculeInvalid() throws IOException {
    Path tries = dir.resolve("tries");
    Path crash = ShellScripts.write(dir, "obabel-crashes", String.join("\n",
        "[ \"$1\" = -V ] && exec obabel -V",
        "echo try >> " + tries,
        "echo 'Segmentation fault' >&2; exit 139"));
    try (VinaOracle vina = oracle(settings("vina", crash.toString(), Duration.ofMinutes(1)))) {
      VinaOracle.Dock dock = vina.dock(ASPIRIN).join();
      assertEquals(0.0, dock.reward().value());
      assertEquals("docking failed: Open Babel exited with code 139 on each of 2 attempts to convert the ligand to "
          + "PDBQT: Segmentation fault", dock.reward().detail());
      assertTrue(dock.reward().failed(), "a crash is not the molecule's fault: asked again later");
      assertEquals(2, Files.readAllLines(tries).size(), "tried once more, as a Vina crash is");
      assertEquals(0, vina.vinaRuns());
    }
  }

  @Test
  void dock_allZeroCoordinates_isRefusedBeforeDocking() throws IOException {
    Path zeros = ShellScripts.write(dir, "obabel-zeros", "printf 'ATOM      1  C   UNL     1       0.000   0.000   0.000  0.00  0.00     0.000 C \\n' > ligand.pdbqt");
    try (VinaOracle vina = oracle(settings("vina", zeros.toString(), Duration.ofMinutes(1)))) {
      VinaOracle.Dock dock = vina.dock(ASPIRIN).join();
      assertEquals("invalid: all-zero coordinates in the ligand", dock.reward().detail());
      assertEquals(0, vina.vinaRuns());
    }
  }

  @Test
  void dock_openBabelHanging_failsTheDockWithoutMarkingTheMoleculeInvalid() throws IOException {
    Path hang = ShellScripts.write(dir, "obabel-hang", "exec sleep 600");
    try (VinaOracle vina = oracle(settings("vina", hang.toString(), Duration.ofMillis(500)))) {
      VinaOracle.Dock dock = vina.dock(ASPIRIN).join();
      assertTrue(dock.reward().failed(), dock.reward().detail());
      assertTrue(dock.reward().detail().contains("took longer than 0.5 s"), dock.reward().detail());
      assertEquals(0, vina.vinaRuns());
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, -1, 65})
  void settings_batchOutsideOneTo64_isRefusedNamingIt(int batch) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VinaOracle.Settings.defaults().withBatch(batch));
    assertEquals("docking batch must be in 1..64, got " + batch, e.getMessage());
  }

  @Test
  void target_missingReceptor_isRefusedNamingTheFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VinaOracle.Target("mine",
        dir.resolve("nope.pdbqt"), new double[] {0, 0, 0}, new double[] {20, 20, 20}));
    assertTrue(e.getMessage().contains("nope.pdbqt of target mine cannot be read"), e.getMessage());
  }

  @Test
  void constructor_missingVina_namesTheInstallCommand() {
    OracleUnavailableException e = assertThrows(OracleUnavailableException.class,
        () -> oracle(settings("vina-not-installed", "obabel", Duration.ofMinutes(1))));
    assertTrue(e.getMessage().contains("apt-get install -y --no-install-recommends autodock-vina openbabel"));
  }

  @Test
  void bestAffinity_recordedOutput_readsTheFirstMode() {
    String out = String.join("\n", "Computing Vina grid ... done.", "mode |   affinity | dist from best mode",
        "     | (kcal/mol) | rmsd l.b.| rmsd u.b.", "-----+------------+----------+----------",
        "   1       -5.154          0          0", "   2       -5.105      2.391      3.739", "");
    assertEquals(-5.154, VinaParser.bestAffinity(out));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VinaParser.bestAffinity("Error: x"));
    assertTrue(e.getMessage().contains("no result table"), e.getMessage());
  }


  /** For tests only: token 0 reads as decylbenzoic acid (slow to dock thoroughly), 1 as aspirin. */
  private static final List<String> MOLECULES = List.of("CCCCCCCCCCc1ccccc1C(=O)O", ASPIRIN);

  private static final DesignCodec LIST_CODEC = new DesignCodec() {
    @Override
    public String text(State design) {
      return MOLECULES.get(((TokenState) design).tokens()[0]);
    }

    @Override
    public TokenState parse(String text, int length) {
      throw new UnsupportedOperationException();
    }
  };

  /** For tests only: these tests dock SMILES directly. */
  private static final DesignCodec NO_CODEC = new DesignCodec() {
    @Override
    public String text(State design) {
      throw new UnsupportedOperationException();
    }

    @Override
    public TokenState parse(String text, int length) {
      throw new UnsupportedOperationException();
    }
  };

}
