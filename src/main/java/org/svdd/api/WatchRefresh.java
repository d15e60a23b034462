package org.svdd.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.svdd.api.proto.JobStatus;
import org.svdd.cluster.SamplingEngine;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/**
 * Keeps watchers told what no event of this node tells them, once a second on the lease thread: the state of
 * watched jobs another api node follows, read from the store; and why unfinished jobs wait, when that changes (a
 * worker node went or came), so a watch says that its job waits, and stops saying it, without its progress changing.
 */
final class WatchRefresh implements Runnable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WatchRefresh.class);
  private final KnownJobs known;
  private final JdbcJobStore store;
  private final Function<List<String>, Optional<String>> jobsWait;
  /** Why jobs of each reward waited when watchers were last told. */
  private Map<List<String>, Optional<String>> toldWaits = Map.of();

  /** {@code jobsWait}: why jobs asking for these rewards wait, if they do ({@link SamplingEngine#jobsWait}). */
  WatchRefresh(KnownJobs known, JdbcJobStore store, Function<List<String>, Optional<String>> jobsWait) {
    this.known = known;
    this.store = store;
    this.jobsWait = jobsWait;
  }

  @Override
  public void run() {
    pollElsewhere();
    retellWaits();
  }

  /** Brings the watched jobs other nodes follow up to their stored state, read in one transaction for all. */
  private void pollElsewhere() {
    List<Map.Entry<String, JobRecord>> watched = known.watchedElsewhere();
    if (watched.isEmpty()) {
      return;
    }
    Map<String, StoredJob> rows;
    try {
      rows = store.jobs(watched.stream().map(Map.Entry::getKey).toList());
    } catch (RuntimeException failure) {
      LOG.warn("job store: cannot read the {} jobs watched here and followed elsewhere: {}", watched.size(),
          failure.getMessage());
      return;
    }
    for (Map.Entry<String, JobRecord> e : watched) {
      StoredJob stored = rows.get(e.getKey());
      if (stored == null) { // it was stored when watched here: it ended and was deleted since
        known.endedElsewhere(e.getKey());
        e.getValue().deleted();
        continue;
      }
      try {
        catchUp(e.getValue(), stored);
      } catch (RuntimeException failure) {
        LOG.warn("job store: cannot read job {}: {}", e.getKey(), failure.getMessage());
      }
    }
  }

  /**
   * Brings the record of a job another node follows up to its stored row, telling its watchers what changed; an
   * ended job is read no more.
   */
  void catchUp(JobRecord record, StoredJob stored) {
    JobStatus now = StoredStatus.of(stored).build();
    if (now.getState() != record.status().getState() || now.getStepsDone() != record.status().getStepsDone()
        || JobRecord.ended(now.getState())) {
      int samples = store.sampleCount(stored);
      record.update(b -> b.mergeFrom(now), samples);
    }
    if (JobRecord.ended(now.getState())) {
      known.endedElsewhere(stored.id());
    }
  }

  private void retellWaits() {
    List<JobRecord> watched = known.watched();
    Map<List<String>, Optional<String>> now = new HashMap<>();
    try {
      watched.forEach(r -> now.computeIfAbsent(JobSpecs.rewardsAsked(r.status().getSpec()), jobsWait));
    } catch (RuntimeException e) {
      return; // the engine is stopping around this node's registry
    }
    for (JobRecord r : watched) {
      List<String> rewards = JobSpecs.rewardsAsked(r.status().getSpec());
      if (!now.get(rewards).equals(toldWaits.get(rewards))) {
        r.retell();
      }
    }
    toldWaits = now;
  }
}
