package org.svdd.cluster;

import java.util.List;
import java.util.Map;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.SearchRound;
import org.svdd.core.method.Trajectory;

/**
 * What a job resumes from, its particles' latest checkpoints (a tree search's saved rounds) and its tally, read from
 * the store before its coordinator starts: a store that does not answer then (a database restart) delays the job
 * instead of failing its coordinator. Everything else goes to the store.
 */
final class ResumePoint implements Checkpoints {
  private final Checkpoints store;
  private final String jobId;
  private final Map<Integer, Trajectory> latest;
  private final List<SearchRound.Rollout> rounds;
  private final Tally tally;

  private ResumePoint(Checkpoints store, String jobId, Map<Integer, Trajectory> latest, List<SearchRound.Rollout> rounds,
      Tally tally) {
    this.store = store;
    this.jobId = jobId;
    this.latest = latest;
    this.rounds = rounds;
    this.tally = tally;
  }

  /** Reads the job's resume point; throws what the store throws when it cannot. */
  static ResumePoint read(Checkpoints store, String jobId) {
    return new ResumePoint(store, jobId, store.latest(jobId), store.rounds(jobId), store.tally(jobId));
  }

  @Override
  public List<SearchRound.Rollout> rounds(String id) {
    return id.equals(jobId) ? rounds : store.rounds(id);
  }

  @Override
  public void saveRound(String id, List<SearchRound.Rollout> rollouts, Tally saved) {
    store.saveRound(id, rollouts, saved);
  }

  @Override
  public Map<Integer, Trajectory> latest(String id) {
    return id.equals(jobId) ? latest : store.latest(id);
  }

  @Override
  public Tally tally(String id) {
    return id.equals(jobId) ? tally : store.tally(id);
  }

  @Override
  public void save(String id, List<Trajectory> trajectories, Tally saved) {
    store.save(id, trajectories, saved);
  }

  @Override
  public void saveTally(String id, Tally saved) {
    store.saveTally(id, saved);
  }
}
