package org.svdd.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.method.SearchRound;
import org.svdd.core.method.Trajectory;

/**
 * Saves checkpoints on a writer thread of their own, in order, so a slow or stalled store never holds
 * a coordinator's dispatcher thread. A save still queued when the node dies is lost, which costs only
 * recomputation: a job resumes from any earlier checkpoint with identical samples.
 */
final class QueuedCheckpoints implements Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedCheckpoints.class);
  private final Checkpoints store;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "svdd-checkpoint-writer");
    t.setDaemon(true);
    return t;
  });

  QueuedCheckpoints(Checkpoints store) {
    this.store = store;
  }

  @Override
  public void save(String jobId, List<Trajectory> trajectories, Tally tally) {
    List<Trajectory> copy = List.copyOf(trajectories);
    later("checkpoint", jobId, () -> store.save(jobId, copy, tally));
  }

  @Override
  public Map<Integer, Trajectory> latest(String jobId) {
    return store.latest(jobId);
  }

  @Override
  public void saveRound(String jobId, List<SearchRound.Rollout> rollouts, Tally tally) {
    List<SearchRound.Rollout> copy = List.copyOf(rollouts);
    later("search tree", jobId, () -> store.saveRound(jobId, copy, tally));
  }

  @Override
  public List<SearchRound.Rollout> rounds(String jobId) {
    return store.rounds(jobId);
  }

  @Override
  public void saveTally(String jobId, Tally tally) {
    later("oracle tally", jobId, () -> store.saveTally(jobId, tally));
  }

  /** Runs a save on the writer thread; a failed one is logged, never thrown. */
  private void later(String what, String jobId, Runnable save) {
    writer.execute(() -> {
      try {
        save.run();
      } catch (RuntimeException e) {
        LOG.warn("saving the {} of job {} failed: {}", what, jobId, e.getMessage());
      }
    });
  }

  @Override
  public Tally tally(String jobId) {
    return store.tally(jobId);
  }
}
