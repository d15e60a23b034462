package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;
import org.svdd.testing.ShellScripts;

/** Against the real ViennaRNA binary (installed by bin/install-deps), plus stand-in programs for failures. */
class RnaFoldOracleTest {
  private static final String TRNA = "GGGCUAUUAGCUCAGUUGGUUAGAGCGCACCCCUGAUAAGGGUGAGGUCGCUGAUUCGAAUUCAGCAUAGCCCA";
  private final Vocabulary rna = Vocabulary.rna();

  @TempDir Path dir;


  @Test
  void score_realRnaFold_returnsNegativeMfeAndStructure() {
    try (RnaFoldOracle oracle = new RnaFoldOracle(rna, RnaFoldOracle.defaults())) {
      List<State> designs = List.of(rna.encode(TRNA, 96), rna.encode("GGGGAAAACCCC", 96), rna.encode("", 96));
      List<Reward> rewards = oracle.score(designs).toCompletableFuture().join();
      assertEquals(29.90, rewards.get(0).value(), 1e-9);
      assertEquals(5.40, rewards.get(1).value(), 1e-9);
      assertEquals("((((....))))", rewards.get(1).detail());
      assertEquals(0.0, rewards.get(2).value());
    }
  }

  @Test
  void identity_namesRnafoldsVersion_soAnotherVersionIsAnotherOracle() throws IOException {
    try (RnaFoldOracle real = new RnaFoldOracle(rna, RnaFoldOracle.defaults());
        RnaFoldOracle other = new RnaFoldOracle(rna, new PoolSettings(ShellScripts.write(dir, "rnafold-9", "[ \"$1\" = --version ] && "
            + "echo 'RNAfold 9.9.9' && exit 0\nexec RNAfold \"$@\"").toString(), 1, Duration.ofSeconds(30), 0))) {
      assertTrue(real.identity().matches("rna-mfe\\|RNAfold \\d+\\.\\d+\\.\\d+ --noPS"), real.identity());
      assertEquals("rna-mfe|RNAfold 9.9.9 --noPS", other.identity());
      assertEquals(-5.40, other.fold("GGGGAAAACCCC").mfe(), 1e-9);
    }
  }

  @Test
  void score_manySequences_reusesLongLivedProcesses() {
    PoolSettings settings = new PoolSettings("RNAfold", 2, Duration.ofSeconds(30), 0);
    try (RnaFoldOracle oracle = new RnaFoldOracle(rna, settings)) {
      List<State> designs = java.util.stream.IntStream.range(0, 40)
          .mapToObj(i -> (State) rna.encode("GGGG" + "A".repeat(i % 7 + 3) + "CCCC", 32)).toList();
      oracle.score(designs).toCompletableFuture().join();
      assertEquals(40, oracle.folds());
      assertTrue(oracle.processesStarted() <= 2, "started " + oracle.processesStarted());
    }
  }

  @Test
  void fold_processCrashesOnce_isRestartedAndTheCallSucceeds() throws IOException {
    Path marker = dir.resolve("crashed-once");
    Path crashy = ShellScripts.write(dir, "crashy", "if [ ! -e '" + marker + "' ]; then touch '" + marker + "'; read line; exit 3; fi\nexec RNAfold \"$@\"");
    PoolSettings settings = new PoolSettings(crashy.toString(), 1, Duration.ofSeconds(30), 2);
    try (RnaFoldOracle oracle = new RnaFoldOracle(rna, settings)) {
      assertEquals(-5.40, oracle.fold("GGGGAAAACCCC").mfe(), 1e-9);
      assertEquals(2, oracle.processesStarted());
      assertEquals(1, oracle.restarts(), "the crash is counted as a restart");
    }
  }

  @Test
  void fold_alwaysCrashing_failsWithTheExitCodeAfterRetries() throws IOException {
    Path broken = ShellScripts.write(dir, "broken", "read line; exit 7");
    PoolSettings settings = new PoolSettings(broken.toString(), 1, Duration.ofSeconds(30), 1);
    try (RnaFoldOracle oracle = new RnaFoldOracle(rna, settings)) {
      OracleCallException e = assertThrows(OracleCallException.class, () -> oracle.fold("ACGU"));
      assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
      assertTrue(e.getMessage().contains("exit code 7"), e.getMessage());
    }
  }

  @Test
  void fold_hangingProcess_timesOutAndIsKilled() throws IOException {
    Path hanging = ShellScripts.write(dir, "hanging", "exec sleep 600");
    PoolSettings settings = new PoolSettings(hanging.toString(), 1, Duration.ofMillis(200), 1);
    try (RnaFoldOracle oracle = new RnaFoldOracle(rna, settings)) {
      OracleCallException e = assertThrows(OracleCallException.class, () -> oracle.fold("ACGU"));
      assertTrue(e.getMessage().contains("longer than 0.2 s"), e.getMessage());
      assertEquals(2, oracle.processesStarted());
    }
  }

  /** One design the oracle cannot fold fails alone: its siblings in the request are answered. */
  @Test
  void score_oneDesignAlwaysCrashing_failsThatDesignOnly() throws IOException {
    Path picky = ShellScripts.write(dir, "picky", "while read -r seq; do\n  if [ \"$seq\" = \"GGGG\" ]; then exit 3; fi\n"
        + "  echo \"$seq\"; echo \".... ( -1.00)\"\ndone");
    try (RnaFoldOracle oracle = new RnaFoldOracle(rna, new PoolSettings(picky.toString(), 1, Duration.ofSeconds(5), 1))) {
      List<org.svdd.core.reward.Reward> rewards = oracle.score(List.of(rna.parse("ACGU", 4), rna.parse("GGGG", 4),
          rna.parse("CCCC", 4))).toCompletableFuture().join();
      assertEquals(1.0, rewards.get(0).value());
      assertTrue(rewards.get(1).failed(), rewards.get(1).toString());
      assertTrue(rewards.get(1).detail().contains("after 2 attempts"), rewards.get(1).detail());
      assertEquals(1.0, rewards.get(2).value());
    }
  }

  /** A wrapper script whose child keeps the pipe open: the timeout kills the child too, and close leaves nothing. */
  @Test
  void fold_wrapperWithHungChild_timesOutAndLeavesNoProcess() throws IOException {
    Path wrapper = ShellScripts.write(dir, "wrapper", "sleep 617");
    PoolSettings settings = new PoolSettings(wrapper.toString(), 1, Duration.ofMillis(300), 1);
    try (RnaFoldOracle oracle = new RnaFoldOracle(rna, settings)) {
      OracleCallException e = assertThrows(OracleCallException.class, () -> oracle.fold("ACGU"));
      assertTrue(e.getMessage().contains("longer than 0.3 s"), e.getMessage());
      assertEquals(0, sleepers(), "the timed-out wrapper's child is killed with it");
    }
    Path slow = ShellScripts.write(dir, "slow-wrapper", "sleep 617");
    try (RnaFoldOracle oracle = new RnaFoldOracle(rna, new PoolSettings(slow.toString(), 1, Duration.ofMinutes(1), 0))) {
      java.util.concurrent.CompletableFuture.runAsync(() -> oracle.fold("ACGU"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (sleepers() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(1, sleepers(), "a call is waiting on the wrapper's child");
    }
    assertEquals(0, sleepers(), "closing the pool mid-call ends its processes' children");
  }

  private static long sleepers() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains("sleep 617")).orElse(false)).count();
  }

  @Test
  void constructor_missingBinary_namesTheInstallCommand() {
    PoolSettings settings = new PoolSettings("RNAfold-not-installed", 1, Duration.ofSeconds(1), 0);
    OracleUnavailableException e = assertThrows(OracleUnavailableException.class, () -> new RnaFoldOracle(rna, settings));
    assertTrue(e.getMessage().contains("apt-get install -y --no-install-recommends vienna-rna"), e.getMessage());
    assertTrue(e.getMessage().contains("RNAfold-not-installed"));
  }
}
