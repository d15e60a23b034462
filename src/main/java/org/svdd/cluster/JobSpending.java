package org.svdd.cluster;

import java.util.Locale;
import java.util.Optional;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.Spend;

/**
 * What a job has spent on its oracles, and the two limits that change its course: more than a fraction of its scored
 * designs unscorable fails it; its oracle-seconds budget, once reached, stops its guidance (or ends it with what it
 * has, as its coordinator decides). Counted on from the job's saved tally when a coordinator resumes it.
 */
final class JobSpending {

  /** Failed designs before the failure fraction is judged: a few early failures are no trend. */
  static final int FAILURES_BEFORE_JUDGING = 10;

  private final double maxFailureFraction;
  private final double maxOracleSeconds;
  private Spend spent;
  /** Set once the oracle budget is spent: what happened, for the submitter. */
  private String note;

  /**
   * @param before what the job spent before this coordinator ({@link Checkpoints.Tally#NONE} for a new job)
   * @param maxOracleSeconds the job's oracle budget; 0 for none
   */
  JobSpending(Checkpoints.Tally before, double maxFailureFraction, double maxOracleSeconds) {
    this.maxFailureFraction = maxFailureFraction;
    this.maxOracleSeconds = maxOracleSeconds;
    this.spent = before.spent();
    this.note = before.note();
  }

  /** Adds what a step spent; answers why the job fails if the designs the oracle could not score are now too many. */
  Optional<String> add(Spend step) {
    spent = spent.plus(step);
    if (spent.designsFailed() >= FAILURES_BEFORE_JUDGING
        && spent.designsFailed() > maxFailureFraction * spent.designsScored()) {
      return Optional.of(String.format(Locale.ROOT,
          "the oracle could not score %d of %d designs (more than svdd.reward.max-failure-fraction = %s); last: %s",
          spent.designsFailed(), spent.designsScored(), maxFailureFraction, spent.lastFailure()));
    }
    return Optional.empty();
  }

  /** Whether the budget is reached but not yet marked {@link #budgetSpent(String) spent}. */
  boolean budgetReached() {
    return note.isEmpty() && maxOracleSeconds > 0 && spent.oracleSeconds() >= maxOracleSeconds;
  }

  /** Marks the budget spent, saying how much and {@code consequence}: what the job does now. */
  void budgetSpent(String consequence) {
    note = String.format(Locale.ROOT,
        "oracle budget spent: %.2f of %.2f oracle-seconds after %d oracle calls (every reward the job asks); %s",
        spent.oracleSeconds(), maxOracleSeconds, spent.allOracleCalls(), consequence);
  }

  boolean isBudgetSpent() {
    return !note.isEmpty();
  }

  /** How the job's course changed (its budget spent), or empty. */
  String note() {
    return note;
  }

  Spend spent() {
    return spent;
  }

  /** What a checkpoint saves, for a coordinator that resumes the job, with the {@code oracles} that scored it. */
  Checkpoints.Tally tally(java.util.Map<String, String> oracles) {
    return new Checkpoints.Tally(spent, note, oracles);
  }
}
