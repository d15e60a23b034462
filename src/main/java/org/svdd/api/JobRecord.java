package org.svdd.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;

/**
 * One job the service holds: its status and who watches it (its samples live in the store). Thread-safe.
 */
final class JobRecord {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobRecord.class);
  private JobStatus status;
  private final String client;
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  /**
   * Held while watchers are told, so each hears the statuses in the order they were set and nothing after the
   * one that ends the job (several threads update a record: the event writer, the store poller, a cancel). A
   * lock of its own: reading the status never waits on a watcher.
   */
  private final Object telling = new Object();
  /** Set once the job was found deleted before its end was heard here (guarded by {@link #telling}). */
  private String deletedWhy;

  /** A job just accepted, to be run by the model of {@code modelDigest} ("" where the service does not say). */
  JobRecord(String id, JobSpec spec, long submittedAtMs, String client, String modelDigest) {
    this(JobStatus.newBuilder().setJobId(id).setSpec(spec).setState(JobState.QUEUED).setSubmittedAtMs(submittedAtMs)
        .setValueQ10(Double.NaN).setValueMedian(Double.NaN).setValueQ90(Double.NaN).setModelDigest(modelDigest)
        .build(), 0, client); // no values yet
  }

  /** A job as recovered from the store, with the number of its samples if it had finished. */
  JobRecord(JobStatus status, int samples, String client) {
    this.client = client;
    this.status = status.toBuilder().setSamples(samples).build();
  }

  synchronized JobStatus status() {
    return status;
  }

  String client() {
    return client;
  }

  static boolean ended(JobState state) {
    return state == JobState.DONE || state == JobState.FAILED || state == JobState.CANCELLED;
  }

  /** Applies a change unless the job has ended, then tells the watchers. */
  void update(java.util.function.UnaryOperator<JobStatus.Builder> change, int finishedSamples) {
    synchronized (telling) {
      JobStatus now;
      synchronized (this) {
        if (ended(status.getState())) {
          return;
        }
        status = change.apply(status.toBuilder()).setSamples(status.getSamples() + finishedSamples).build();
        now = status;
      }
      for (Watcher watcher : watchers) {
        tell(watcher, now);
      }
      if (ended(now.getState())) {
        watchers.clear();
      }
    }
  }

  /**
   * Sends the current status now and every change until the job ends, each as {@code view} shows it (with why the
   * job waits, say).
   */
  void watch(JobWatcher watcher, UnaryOperator<JobStatus> view) {
    synchronized (telling) {
      if (deletedWhy != null) { // found just before it was dropped as deleted: nothing would tell this watcher more
        watcher.deleted(deletedWhy);
        return;
      }
      JobStatus now = status();
      Watcher w = new Watcher(watcher, view);
      if (!ended(now.getState())) {
        watchers.add(w);
      }
      tell(w, now);
    }
  }

  /** Sends the unchanged status to the watchers again: what their views add to it changed (the job waits, or not). */
  void retell() {
    synchronized (telling) {
      JobStatus now = status();
      if (!ended(now.getState())) {
        watchers.forEach(w -> tell(w, now));
      }
    }
  }

  /**
   * The job is gone from the store before this node heard its end (deleted, most often through another api node):
   * each watcher is told so, once, and none is told anything after.
   */
  void deleted() {
    synchronized (telling) {
      deletedWhy = "job " + status().getJobId() + " ended and was deleted before this api node read how it ended";
      for (Watcher watcher : watchers) {
        try {
          watcher.to().deleted(deletedWhy);
        } catch (RuntimeException e) {
          LOG.warn("job {}: a watcher failed on hearing it was deleted: {}", status().getJobId(), e.toString());
        }
      }
      watchers.clear();
    }
  }

  boolean watched() {
    return !watchers.isEmpty();
  }

  /** A watcher that fails (its client gone mid-send) is dropped; the others still hear the status. */
  private void tell(Watcher watcher, JobStatus now) {
    try {
      watcher.to().accept(watcher.view().apply(now));
    } catch (RuntimeException e) {
      watchers.remove(watcher);
      LOG.warn("job {}: a watcher failed and stops hearing of it: {}", now.getJobId(), e.toString());
    }
  }

  void unwatch(Consumer<JobStatus> watcher) {
    watchers.removeIf(w -> w.to() == watcher);
  }

  private record Watcher(JobWatcher to, UnaryOperator<JobStatus> view) {
  }
}
