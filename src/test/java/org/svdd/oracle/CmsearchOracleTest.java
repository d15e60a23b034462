package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;

/** Against the real Infernal cmsearch (installed by bin/install-deps) and the bundled tRNA covariance model. */
class CmsearchOracleTest {
  private static final String TRNA = "GGGCUAUUAGCUCAGUUGGUUAGAGCGCACCCCUGAUAAGGGUGAGGUCGCUGAUUCGAAUUCAGCAUAGCCCA";
  private static final Path CM = Path.of(System.getProperty("svdd.home", ".")).resolve("models/judges/trna/tRNA.c.cm");
  private static final PoolSettings SETTINGS = new PoolSettings("cmsearch", 2, Duration.ofSeconds(60), 0);
  private final Vocabulary rna = Vocabulary.rna();

  @Test
  void search_realTrnaPasses_aRepeatDoesNot_andScoresDoNotDependOnTheBatch() {
    try (CmsearchOracle oracle = new CmsearchOracle(rna, CM, SETTINGS)) {
      String repeat = "ACGU".repeat(18);
      List<CmsearchOracle.Hit> hits = oracle.search(List.of(TRNA, repeat, ""));
      assertTrue(hits.get(0).passes(), "a yeast tRNA-Phe is a tRNA: " + hits.get(0));
      assertTrue(hits.get(0).bits() > 40, hits.get(0).toString());
      assertFalse(hits.get(1).passes(), "a repeat is not: " + hits.get(1));
      assertEquals(CmsearchOracle.Hit.NONE, hits.get(2), "an empty design has no hit");
      assertEquals(hits.get(0), oracle.search(List.of(repeat, TRNA, TRNA)).get(1), "the same score in another batch");

      List<State> designs = List.of(rna.encode(TRNA, 96), rna.encode(repeat, 96));
      List<Reward> rewards = oracle.score(designs).toCompletableFuture().join();
      assertEquals(hits.get(0).bits(), rewards.get(0).value());
      assertTrue(rewards.get(0).detail().contains("bits, E="), rewards.get(0).detail());
    }
  }

  @Test
  void identity_namesInfernalsVersionAndTheModelsDigest() {
    try (CmsearchOracle oracle = new CmsearchOracle(rna, CM, SETTINGS)) {
      assertTrue(oracle.identity().matches("trna-cm\\|INFERNAL \\d+\\.\\d+\\.\\d+ .*\\|cmsearch --max -Z 1 --toponly\\|"
          + CM.getFileName() + " [0-9a-f]{16}"), oracle.identity());
    }
  }

  @Test
  void parseTable_keepsEachDesignsBestHit_andRefusesGarbage() {
    String table = "# target name ...\n"
        + "d0 - tRNA RF00005 cm 1 71 1 73 + no 1 0.58 0.0 74.4 1.5e-17 ! -\n"
        + "d2 - tRNA RF00005 cm 1 40 1 41 + no 1 0.50 0.0 12.0 0.02 ? -\n"
        + "d2 - tRNA RF00005 cm 30 71 30 73 + no 1 0.50 0.0 20.5 0.0004 ! -\n";
    Map<Integer, CmsearchOracle.Hit> best = CmsearchOracle.parseTable(table);
    assertEquals(new CmsearchOracle.Hit(74.4, 1.5e-17), best.get(0));
    assertEquals(new CmsearchOracle.Hit(20.5, 0.0004), best.get(2));
    assertEquals(2, best.size());
    assertThrows(IllegalStateException.class, () -> CmsearchOracle.parseTable("d0 74.4\n"));
  }

  @Test
  void missingBinaryOrModel_isRefusedWithTheFix() {
    OracleUnavailableException binary = assertThrows(OracleUnavailableException.class,
        () -> new CmsearchOracle(rna, CM, new PoolSettings("no-such-cmsearch", 1, Duration.ofSeconds(5), 0)));
    assertTrue(binary.getMessage().contains("apt-get install -y --no-install-recommends infernal"), binary.getMessage());
    OracleUnavailableException model = assertThrows(OracleUnavailableException.class,
        () -> new CmsearchOracle(rna, Path.of("/no/such.cm"), SETTINGS));
    assertEquals("covariance model /no/such.cm cannot be read", model.getMessage());
  }
}
