package org.svdd.task.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TATA box is found by its consensus, and only where a core promoter has it. */
class CorePromoterMotifsTest {

  /** A 100-base window of C with {@code motif} placed to start {@code back} bases before its end. */
  private static String window(String motif, int back) {
    StringBuilder s = new StringBuilder("C".repeat(100));
    s.replace(100 - back, 100 - back + motif.length(), motif);
    return s.toString();
  }

  @ParameterizedTest
  @CsvSource({"TATAAAAG, 30, true", "TATATATA, 40, true", "TATAAATG, 22, true", "TATAAAAG, 41, false",
      "TATAAAAG, 21, false", "TATACAAG, 30, false", "TATAAAAC, 30, false", "GATAAAAG, 30, false"})
  void tata_isFoundByItsConsensus_22To40BasesBeforeTheEnd(String motif, int back, boolean found) {
    assertEquals(found, CorePromoterMotifs.hasTata(window(motif, back)), motif + " at -" + back);
  }

  @ParameterizedTest
  @CsvSource({"A", "T"})
  void w_matchesAOrT_andROnlyPurines(String w) {
    assertTrue(CorePromoterMotifs.matches("TATA" + w + "A" + w + "G", 0, CorePromoterMotifs.TATA));
    assertFalse(CorePromoterMotifs.matches("TATA" + w + "A" + w + "T", 0, CorePromoterMotifs.TATA));
  }
}
