package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;
import org.svdd.testing.ShellScripts;

/** Against Debian's python3-rdkit (installed by bin/install-deps), plus stand-in programs for failures. */
class RdkitOracleTest {
  private static final List<String> MOLECULES = List.of("CC(=O)Oc1ccccc1C(=O)O", "Cn1cnc2c1c(=O)n(C)c(=O)n2C",
      "c1ccc2ccccc2c1", "C(C)(C)(C)(C)C", "");
  private static double[][] expected;

  @TempDir Path dir;

  /** QED and SA of the valid molecules as RDKit computes them in a separate Python run. */
  @BeforeAll
  static void computeExpectedWithRdkitItself() throws Exception {
    String program = String.join("\n", "import os, sys", "from rdkit import Chem", "from rdkit.Chem import QED, RDConfig",
        "sys.path.append(os.path.join(RDConfig.RDContribDir, 'SA_Score'))", "import sascorer",
        "for s in sys.argv[1:]:", "  m = Chem.MolFromSmiles(s)", "  print(QED.qed(m), sascorer.calculateScore(m))");
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", program, MOLECULES.get(0), MOLECULES.get(1), MOLECULES.get(2))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    assertEquals(0, p.waitFor());
    expected = lines.stream().map(l -> java.util.Arrays.stream(l.split(" ")).mapToDouble(Double::parseDouble).toArray())
        .toArray(double[][]::new);
  }

  /** For tests only: state i reads as MOLECULES[i]. */
  private static final DesignCodec BY_INDEX = new DesignCodec() {
    @Override
    public String text(State design) {
      return MOLECULES.get(((TokenState) design).at(0));
    }

    @Override
    public TokenState parse(String text, int length) {
      return new TokenState(new int[] {MOLECULES.indexOf(text)});
    }
  };

  private static List<State> all() {
    return java.util.stream.IntStream.range(0, MOLECULES.size()).mapToObj(i -> (State) new TokenState(new int[] {i}))
        .toList();
  }

  @Test
  void score_qed_matchesRdkitAndScoresInvalidMoleculesZeroWithAReason() {
    try (RdkitOracle oracle = new RdkitOracle(BY_INDEX, RdkitOracle.Score.QED, RdkitOracle.defaults())) {
      List<Reward> rewards = oracle.score(all()).toCompletableFuture().join();
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[i][0], rewards.get(i).value(), 1e-5, MOLECULES.get(i));
      }
      assertEquals(0.0, rewards.get(3).value());
      assertTrue(rewards.get(3).detail().contains("valence"), rewards.get(3).detail());
      assertEquals(0.0, rewards.get(4).value());
      assertEquals("invalid: no atoms", rewards.get(4).detail());
    }
  }

  @Test
  void score_sa_isTenMinusTheSaScoreOverNine() {
    try (RdkitOracle oracle = new RdkitOracle(BY_INDEX, RdkitOracle.Score.SA, RdkitOracle.defaults())) {
      List<Reward> rewards = oracle.score(all()).toCompletableFuture().join();
      for (int i = 0; i < 3; i++) {
        assertEquals((10 - expected[i][1]) / 9, rewards.get(i).value(), 1e-5, MOLECULES.get(i));
      }
      assertEquals(0.0, rewards.get(3).value());
    }
  }

  @Test
  void identity_namesTheScoreAndRdkitsVersion() {
    try (RdkitOracle oracle = new RdkitOracle(BY_INDEX, RdkitOracle.Score.SA, RdkitOracle.defaults())) {
      assertTrue(oracle.identity().matches("sa\\|RDKit \\d{4}\\.\\d{2}\\.\\d+.*"), oracle.identity());
    }
  }

  /**
   * A benzene bridged para by a chain too short to close (sampled by the molecule model) has no conformer. Without a
   * cap, ETKDG spends ~11 s and its random-coordinates retry ~27 s more before saying so, past the worker's timeout:
   * the molecule failed as a timeout, three times over, restarting the worker each time. With it, the worker gives
   * up in seconds with the reason, well inside a 25 s timeout and without a retry.
   */
  @Test
  void embed_aRingTooStrainedToClose_failsWithTheReason_notATimeout() {
    PoolSettings oneTry = new PoolSettings("/usr/bin/python3", 1, Duration.ofSeconds(25), 0);
    try (RdkitOracle oracle = new RdkitOracle(BY_INDEX, RdkitOracle.Score.QED, oneTry)) {
      String reason = oracle.embed("O=SNCCOc1ccc2cc1C(C2=SNCC)CC", 42, dir.resolve("strained.mol")).join();
      assertEquals("no 3-D conformer found in " + 2 * RdkitOracle.EMBED_ATTEMPTS + " attempts (a ring too strained"
          + " to close?)", reason);
      assertEquals(0, oracle.restarts(), "the worker answered; none was killed");
      assertEquals(null, oracle.embed("CC(=O)Oc1ccccc1C(=O)O", 42, dir.resolve("aspirin.mol")).join(), "and goes on");
    }
  }

  /** A conformer file that cannot be written is the machine's fault, not the molecule's: never an invalid answer. */
  @Test
  void embed_fileThatCannotBeWritten_failsTheCall_insteadOfMarkingTheMoleculeInvalid() {
    PoolSettings oneRetry = new PoolSettings("/usr/bin/python3", 1, Duration.ofSeconds(25), 1);
    try (RdkitOracle oracle = new RdkitOracle(BY_INDEX, RdkitOracle.Score.QED, oneRetry)) {
      Path nowhere = dir.resolve("missing-folder").resolve("aspirin.mol");
      java.util.concurrent.CompletionException e = assertThrows(java.util.concurrent.CompletionException.class,
          () -> oracle.embed("CC(=O)Oc1ccccc1C(=O)O", 42, nowhere).join());
      assertTrue(e.getCause() instanceof OracleCallException, e.toString());
      assertTrue(e.getCause().getMessage().endsWith("after 2 attempts: the RDKit worker failed: File error: Bad output file "
          + nowhere), e.getCause().getMessage());
      assertEquals(null, oracle.embed("CC(=O)Oc1ccccc1C(=O)O", 42, dir.resolve("aspirin.mol")).join(), "and goes on");
    }
  }

  @Test
  void assess_sameMoleculeTwice_givesTheSameAnswerAndCanonicalSmiles() {
    try (RdkitOracle oracle = new RdkitOracle(BY_INDEX, RdkitOracle.Score.QED, RdkitOracle.defaults())) {
      RdkitOracle.Assessment a = oracle.assess("OC(=O)c1ccccc1OC(C)=O").join();
      RdkitOracle.Assessment b = oracle.assess("CC(=O)Oc1ccccc1C(=O)O").join();
      assertEquals(a, b);
      assertTrue(a.valid());
    }
  }

  @Test
  void assess_workerCrashesOnce_isRestartedAndAnswers() throws IOException {
    Path marker = dir.resolve("crashed-once");
    Path crashy = ShellScripts.write(dir, "crashy", "case \"$2\" in --check) exec /usr/bin/python3 \"$@\";; esac\n"
        + "if [ ! -e '" + marker + "' ]; then touch '" + marker + "'; read line; exit 3; fi\nexec /usr/bin/python3 \"$@\"");
    PoolSettings settings = new PoolSettings(crashy.toString(), 1, Duration.ofSeconds(30), 2);
    try (RdkitOracle oracle = new RdkitOracle(BY_INDEX, RdkitOracle.Score.QED, settings)) {
      assertTrue(oracle.assess("CCO").join().valid());
      assertEquals(2, oracle.processesStarted());
    }
  }

  @Test
  void constructor_pythonWithoutRdkit_namesTheInstallCommand() throws IOException {
    Path noRdkit = ShellScripts.write(dir, "no-rdkit", "echo \"ModuleNotFoundError: No module named 'rdkit'\" >&2; exit 1");
    PoolSettings settings = new PoolSettings(noRdkit.toString(), 1, Duration.ofSeconds(5), 0);
    OracleUnavailableException e = assertThrows(OracleUnavailableException.class,
        () -> new RdkitOracle(BY_INDEX, RdkitOracle.Score.QED, settings));
    assertTrue(e.getMessage().contains("No module named 'rdkit'"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install -y --no-install-recommends python3-rdkit rdkit-data"));
  }

  @Test
  void check_pythonThatHangs_isStoppedWithWhatItSaid_notWaitedOnForever() {
    Path hangs = ShellScripts.write(dir, "hangs", "echo 'importing rdkit'; exec sleep 600");
    OracleUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> assertThrows(OracleUnavailableException.class, () -> RdkitOracle.check(hangs, dir.resolve("worker.py"), 1)));
    assertTrue(e.getMessage().contains("did not answer the RDKit worker's check within 1 s (importing rdkit)"),
        e.getMessage());
  }

  @Test
  void assess_unreadableReply_isRetriedThenFails() throws IOException {
    Path garbage = ShellScripts.write(dir, "garbage", "case \"$2\" in --check) exec /usr/bin/python3 \"$@\";; esac\n"
        + "while read line; do echo 'what?'; done");
    PoolSettings settings = new PoolSettings(garbage.toString(), 1, Duration.ofSeconds(5), 1);
    try (RdkitOracle oracle = new RdkitOracle(BY_INDEX, RdkitOracle.Score.QED, settings)) {
      Exception e = assertThrows(Exception.class, () -> oracle.assess("CCO").join());
      assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
      assertFalse(e.getMessage().contains("NullPointer"));
    }
  }

}
