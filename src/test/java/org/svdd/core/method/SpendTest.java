package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Spending adds up part by part, and the latest failure is the latest one said. */
class SpendTest {

  @Test
  void partsAddUpFieldByField() {
    Spend step = Spend.NONE.plus(Spend.rows(12)).plus(Spend.oracle(3, 7.5, 2)).plus(Spend.scored(5, 1, "vina timed out"))
        .plus(Spend.rows(4)).plus(Spend.early(9, 0.5, 1));
    assertEquals(new Spend(16, 5, 1, 3, 9, 3, 8, "vina timed out"), step, "the early calls apart, their seconds with all");
    assertEquals(new Spend(32, 10, 2, 6, 18, 6, 16, "vina timed out"), step.plus(step), "two steps' spending");
    assertEquals(24, step.plus(step).allOracleCalls());
  }

  @Test
  void theLatestFailureIsKeptUntilAnotherIsSaid() {
    Spend failed = Spend.scored(4, 1, "RNAfold crashed");
    assertEquals("RNAfold crashed", failed.plus(Spend.scored(4, 0, "")).lastFailure(), "a later step without failures");
    assertEquals("invalid SMILES", failed.plus(Spend.scored(4, 1, "invalid SMILES")).lastFailure(), "a later failure");
    assertEquals("", Spend.NONE.plus(Spend.rows(3)).lastFailure(), "none failed yet");
  }
}
