package org.svdd.core.method;

import java.util.List;
import java.util.Map;

/**
 * Where a job's population is saved every few steps so that a restarted coordinator resumes instead
 * of starting over. Because every draw is keyed by (seed, particle, step, ...), a particle resumed from
 * any saved trajectory finishes exactly as it would have without the interruption.
 */
public interface Checkpoints {

  /** Saves these trajectories of a job atomically, replacing each particle's previous checkpoint. */
  void save(String jobId, List<Trajectory> trajectories);

  /** The latest saved trajectory of each particle of a job (empty if none). */
  Map<Integer, Trajectory> latest(String jobId);

  /**
   * What a job with an oracle-seconds budget has spent of it, and what the job did once it was spent
   * (empty before), so that a job resumed elsewhere neither spends its budget twice nor guides again.
   */
  record Spending(double oracleSeconds, String note) {
    public static final Spending NONE = new Spending(0, "");
  }

  /** Saves a job's spending beside its checkpoints; a store that keeps no jobs keeps nothing. */
  default void saveSpending(String jobId, Spending spending) {}

  /** A job's saved spending, or {@link Spending#NONE}. */
  default Spending spending(String jobId) {
    return Spending.NONE;
  }

  /** Keeps nothing: jobs restart from the beginning. */
  Checkpoints NONE = new Checkpoints() {
    @Override
    public void save(String jobId, List<Trajectory> trajectories) {}

    @Override
    public Map<Integer, Trajectory> latest(String jobId) {
      return Map.of();
    }
  };
}
