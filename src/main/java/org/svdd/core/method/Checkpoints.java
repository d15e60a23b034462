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
