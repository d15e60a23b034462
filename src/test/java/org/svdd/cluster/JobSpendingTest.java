package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.Spend;

class JobSpendingTest {

  private static JobSpending fresh(double maxFailureFraction, double maxOracleSeconds) {
    return new JobSpending(Checkpoints.Tally.NONE, maxFailureFraction, maxOracleSeconds);
  }

  @ParameterizedTest(name = "{0} of {1} failed, at most {2}: fails {3}")
  @CsvSource({
      "9, 9, 0.2, false", // every design failed, but fewer than are judged
      "10, 10, 0.2, true",
      "10, 50, 0.2, false", // exactly the fraction is allowed
      "11, 50, 0.2, true",
      "10, 200, 0.05, false",
      "11, 200, 0.05, true",
      "10, 10, 1.0, false"}) // a fraction of 1 never fails a job
  void aJobFailsOnceMoreThanTheFractionOfItsDesignsFailed_judgedFromTenFailures(long failed, long scored,
      double fraction, boolean fails) {
    JobSpending spending = fresh(fraction, 0);
    assertEquals(Optional.empty(), spending.add(Spend.scored(scored - failed, 0, "")));
    Optional<String> reason = spending.add(Spend.scored(failed, failed, "bad design"));
    assertEquals(fails, reason.isPresent(), reason.orElse("no failure"));
    reason.ifPresent(r -> assertEquals("the oracle could not score " + failed + " of " + scored
        + " designs (more than svdd.reward.max-failure-fraction = " + fraction + "); last: bad design", r));
  }

  @Test
  void theBudgetIsReachedOnce_andItsNoteSaysWhatWasSpentAndWhatFollows() {
    JobSpending spending = fresh(0.2, 10);
    spending.add(Spend.oracle(3, 9.5, 0));
    assertFalse(spending.budgetReached());
    spending.add(Spend.oracle(1, 0.5, 2));
    assertTrue(spending.budgetReached());
    assertFalse(spending.isBudgetSpent());
    assertEquals("", spending.note());

    spending.budgetSpent("guidance stopped");
    assertTrue(spending.isBudgetSpent());
    assertFalse(spending.budgetReached(), "said once");
    assertEquals("oracle budget spent: 10.00 of 10.00 oracle-seconds after 4 oracle calls (every reward the job asks);"
        + " guidance stopped", spending.note());
    spending.add(Spend.oracle(5, 50, 0));
    assertFalse(spending.budgetReached());
    assertEquals(new Checkpoints.Tally(spending.spent(), spending.note(), java.util.Map.of("qed", "qed|RDKit 2022.09.5")),
        spending.tally(java.util.Map.of("qed", "qed|RDKit 2022.09.5")));
  }

  @Test
  void withoutABudget_noSpendingReachesIt() {
    JobSpending spending = fresh(0.2, 0);
    spending.add(Spend.oracle(1_000, 1e9, 0));
    assertFalse(spending.budgetReached());
  }

  @Test
  void aResumedJobCountsOnFromItsTally_andKeepsItsSpentBudget() {
    Spend before = new Spend(100, 40, 9, 30, 0, 10, 12.5, "earlier failure");
    JobSpending spending = new JobSpending(new Checkpoints.Tally(before, "oracle budget spent: ..."), 0.2, 10);
    assertTrue(spending.isBudgetSpent());
    assertFalse(spending.budgetReached());
    assertEquals(before, spending.spent());

    // the tenth failure counts against the designs scored before the restart too
    Optional<String> reason = spending.add(Spend.scored(1, 1, ""));
    assertTrue(reason.isPresent());
    assertTrue(reason.get().contains("could not score 10 of 41 designs"), reason.get());
    assertTrue(reason.get().endsWith("last: earlier failure"), reason.get());
  }
}
