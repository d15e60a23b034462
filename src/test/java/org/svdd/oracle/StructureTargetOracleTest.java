package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;
import org.svdd.task.rna.TrnaTask;

/** Against the real RNAfold and RNAdistance. */
class StructureTargetOracleTest {
  private static final String TRNA = "GCGGAUUUAGCUCAGUUGGGAGAGCGCCAGACUGAAGAUCUGGAGGUCCUGUGUUCGAUCCACAGAAUUCGCACCA";
  private final Vocabulary rna = Vocabulary.rna();

  @Test
  void score_aHairpinIsAShapeAway_theTargetItselfIsZero() {
    try (StructureTargetOracle hairpin = new StructureTargetOracle("test", new RnaFoldOracle(rna, RnaFoldOracle.defaults()),
        PoolSettings.defaults("RNAdistance"), "((((....))))")) {
      List<State> designs = List.of(rna.encode("GGGGAAAACCCC", 32), rna.encode("AAAAAAAAAAAA", 32), rna.encode("", 32));
      List<Reward> rewards = hairpin.score(designs).toCompletableFuture().join();
      assertEquals(0.0, rewards.get(0).value(), "GGGGAAAACCCC folds into the target");
      assertEquals("((((....)))) d=0", rewards.get(0).detail());
      assertTrue(rewards.get(1).value() < 0, "an unfolded design is a distance away: " + rewards.get(1));
      assertEquals(0.0, rewards.get(2).value(), "an empty design passes through unscored");
    }
  }

  @Test
  void cloverleaf_aRealTrnaIsCloserThanARepeat() {
    try (StructureTargetOracle cloverleaf = new StructureTargetOracle("cloverleaf",
        new RnaFoldOracle(rna, RnaFoldOracle.defaults()), PoolSettings.defaults("RNAdistance"),
        TrnaTask.CONSENSUS_STRUCTURE)) {
      List<Reward> r = cloverleaf.score(List.of(rna.encode(TRNA, 96), rna.encode("GC".repeat(38), 96)))
          .toCompletableFuture().join();
      assertTrue(r.get(0).value() > r.get(1).value(), "tRNA-Phe " + r.get(0) + " vs repeat " + r.get(1));
    }
  }

  @Test
  void identity_namesBothProgramsVersionsAndTheTarget() {
    try (StructureTargetOracle hairpin = new StructureTargetOracle("test", new RnaFoldOracle(rna, RnaFoldOracle.defaults()),
        PoolSettings.defaults("RNAdistance"), "((((....))))")) {
      assertTrue(hairpin.identity().matches("test\\|RNAfold \\d+\\.\\d+\\.\\d+ --noPS\\|RNAdistance \\d+\\.\\d+\\.\\d+ -Df"
          + "\\|\\(\\(\\(\\(\\.\\.\\.\\.\\)\\)\\)\\)"), hairpin.identity());
    }
  }

  @Test
  void badTargetOrAnswer_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StructureTargetOracle("x",
        new RnaFoldOracle(rna, RnaFoldOracle.defaults()), PoolSettings.defaults("RNAdistance"), "((.)"));
    assertThrows(IllegalStateException.class, () -> StructureTargetOracle.toReward("((..))", "garbage"));
    assertEquals(-7.0, StructureTargetOracle.toReward("((..))", "f: 7  ").value());
  }
}
