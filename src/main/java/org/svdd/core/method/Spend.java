package org.svdd.core.method;

/**
 * What a job, or one particle's step of it, has spent: the rows its denoisers ran; the designs it had scored and
 * of them those the oracle could not score; those sent on to the job reward's oracle itself (the reward caches
 * answered the rest), and apart from them those sent to what valued its earlier steps instead (an early reward, or
 * SVDD-MC's value network; {@link RewardSchedule#early}); the oracle-seconds every such call cost; those the durable
 * reward archive answered; and why the latest design that could not be scored could not (empty while none failed).
 * A particle counts a step's spending, its coordinator adds the steps up, and the job store keeps the sum beside the
 * checkpoints ({@link Checkpoints.Tally}).
 */
public record Spend(long denoisedRows, long designsScored, long designsFailed, long oracleCalls, long earlyOracleCalls,
    long archiveAnswers, double oracleSeconds, String lastFailure) {

  public static final Spend NONE = new Spend(0, 0, 0, 0, 0, 0, 0, "");

  /** Rows a denoiser ran. */
  public static Spend rows(long rows) {
    return new Spend(rows, 0, 0, 0, 0, 0, 0, "");
  }

  /** A reward pool's answer for the job's reward: its oracle calls and their seconds, the designs its archive answered. */
  public static Spend oracle(long calls, double seconds, long archiveAnswers) {
    return new Spend(0, 0, 0, calls, 0, archiveAnswers, seconds, "");
  }

  /** {@link #oracle} for the early reward or value network that valued a step instead of the job's reward. */
  public static Spend early(long calls, double seconds, long archiveAnswers) {
    return new Spend(0, 0, 0, 0, calls, archiveAnswers, seconds, "");
  }

  /** Designs valued, {@code failed} of them not scorable, the latest for {@code lastFailure} (empty if none). */
  public static Spend scored(long designs, long failed, String lastFailure) {
    return new Spend(0, designs, failed, 0, 0, 0, 0, lastFailure);
  }

  /** Both spendings; the latest failure is {@code later}'s when it has one. */
  public Spend plus(Spend later) {
    return new Spend(denoisedRows + later.denoisedRows, designsScored + later.designsScored,
        designsFailed + later.designsFailed, oracleCalls + later.oracleCalls, earlyOracleCalls + later.earlyOracleCalls,
        archiveAnswers + later.archiveAnswers, oracleSeconds + later.oracleSeconds,
        later.lastFailure.isEmpty() ? lastFailure : later.lastFailure);
  }

  /** Every call sent on to an oracle or value network, the job's reward's and the early ones. */
  public long allOracleCalls() {
    return oracleCalls + earlyOracleCalls;
  }
}
