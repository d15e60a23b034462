package org.svdd.task.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.oracle.RdkitOracle;
import org.svdd.oracle.VinaOracle;
import org.svdd.task.Judge;

/** The held-out re-dock of docking runs, against Debian's autodock-vina, openbabel and python3-rdkit. */
class DockingJudgeTest {
  private static final String ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O";
  @TempDir Path dir;

  private Config config(String judgeExhaustiveness) {
    return ConfigFactory.parseString("svdd.reward.vina { receptor-dir = \"" + dir + "\", slots = 2, "
        + "judge-exhaustiveness = " + judgeExhaustiveness + " }").withFallback(ConfigFactory.load());
  }

  @Test
  void judge_ofADockingRun_redocksAtVinasDefaultEffort_andAnUndockableMoleculeFails() {
    Judge judge = new MoleculeTask(Path.of(".")).judge(config("8"), "vina-abl").orElseThrow();
    try (judge) {
      assertTrue(judge.name().contains("re-dock on vina-abl at exhaustiveness 8"), judge.name());
      List<Integer> progress = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      List<Judge.Verdict> verdicts = judge.judge(List.of(ASPIRIN, "C(C)(C)(C)(C)C"), progress::add);
      assertEquals(List.of(1, 2), progress.stream().sorted().toList(), "told as each dock ends");
      // expected: the same molecule docked by a Vina oracle of effort 8 built here
      VinaOracle.Settings effort8 = new VinaOracle.Settings("vina", "obabel", 1, 8, 1, 42, Duration.ofMinutes(2), 1, 8);
      try (VinaOracle careful = new VinaOracle(null, DockingTargets.prepare("vina-abl", dir, "obabel"), effort8,
          new RdkitOracle(null, RdkitOracle.Score.QED, RdkitOracle.defaults()))) {
        double expected = careful.dock(ASPIRIN).join().reward().value();
        assertEquals(expected, verdicts.get(0).score(), 1e-9);
        assertEquals(expected >= DockingJudge.PASS_REWARD, verdicts.get(0).pass());
      }
      assertEquals(new Judge.Verdict(0, false), verdicts.get(1), "five bonds on one carbon: no conformer, no dock");
    }
  }

  @Test
  void judge_vinaCrashing_leavesTheDesignUnjudgedWithTheReason() {
    Config crashing = ConfigFactory.parseString("svdd.reward.vina.binary = /bin/false").withFallback(config("8"));
    try (Judge judge = new MoleculeTask(Path.of(".")).judge(crashing, "vina-abl").orElseThrow()) {
      Judge.Verdict verdict = judge.judge(List.of(ASPIRIN)).get(0);
      assertFalse(verdict.judged());
      assertTrue(verdict.failure().startsWith("docking failed after 2 attempts: Vina exited with code 1"),
          verdict.failure());
    }
  }

  @Test
  void judge_isOnlyForDockingRewards_andOffAtEffortZero() {
    MoleculeTask task = new MoleculeTask(Path.of("."));
    assertTrue(task.judge(config("8"), "qed").isEmpty(), "QED guides and is exact: nothing to re-check");
    assertFalse(task.judge(config("0"), "vina-abl").isPresent(), "0 turns the judge off");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.judge(config("-3"), "vina-abl"));
    assertTrue(e.getMessage().startsWith("configuration svdd.reward.vina.judge-exhaustiveness (0 turns the judge off): "
        + "exhaustiveness must be in 1..64, got -3"), e.getMessage());
  }
}
