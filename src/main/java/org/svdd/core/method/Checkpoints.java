package org.svdd.core.method;

import java.util.List;
import java.util.Map;

/**
 * Where a job's population is saved every few steps so that a restarted coordinator resumes instead
 * of starting over. Because every draw is keyed by (seed, particle, step, ...), a particle resumed from
 * any saved trajectory finishes exactly as it would have without the interruption.
 */
public interface Checkpoints {

  /** The latest saved trajectory of each particle of a job (empty if none). */
  Map<Integer, Trajectory> latest(String jobId);

  /**
   * What a job has spent so far, and what it did once its oracle budget was spent ({@code note}; empty before). Saved
   * beside the checkpoints so that a job resumed elsewhere goes on counting, neither spends its budget twice nor
   * guides again, nor forgets why designs failed, and so that a finished job's status keeps them. {@code oracles}: the
   * oracle that scored each reward ({@link org.svdd.core.reward.RewardOracle#identity}), by reward name ("" for the
   * task's default), so that a resumed job is scored on by the same ones and a finished job says which they were.
   */
  record Tally(Spend spent, String note, Map<String, String> oracles) {
    public static final Tally NONE = new Tally(Spend.NONE, "");

    public Tally {
      oracles = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(oracles));
    }

    public Tally(Spend spent, String note) {
      this(spent, note, Map.of());
    }
  }

  /**
   * Saves a running job's tally beside its checkpoints (one that has ended keeps the tally it ended with); a store
   * that keeps no jobs keeps nothing.
   */
  default void saveTally(String jobId, Tally tally) {}

  /**
   * Saves these trajectories of a running job with its tally as of them, atomically, replacing each particle's
   * previous checkpoint; a store keeps nothing for a job that has ended.
   */
  void save(String jobId, List<Trajectory> trajectories, Tally tally);

  /**
   * Saves a tree search's round that has just finished ({@code rollouts}, {@link SearchRound#finished}) with the job's
   * tally as of its end, atomically, while the job runs: a job moved to another node grows the same tree from its
   * saved rounds ({@link SearchRound#replay}) and goes on with the next. A store that keeps no trees keeps the tally.
   */
  default void saveRound(String jobId, List<SearchRound.Rollout> rollouts, Tally tally) {
    saveTally(jobId, tally);
  }

  /** The rollouts of a tree search's saved rounds, in particle order (empty if none). */
  default List<SearchRound.Rollout> rounds(String jobId) {
    return List.of();
  }

  /** A job's saved tally, or {@link Tally#NONE}. */
  default Tally tally(String jobId) {
    return Tally.NONE;
  }

  /** Keeps nothing: jobs restart from the beginning. */
  Checkpoints NONE = new Checkpoints() {
    @Override
    public void save(String jobId, List<Trajectory> trajectories, Tally tally) {}

    @Override
    public Map<Integer, Trajectory> latest(String jobId) {
      return Map.of();
    }
  };
}
