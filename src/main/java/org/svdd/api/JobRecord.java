package org.svdd.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.api.proto.JobStatus;
import org.svdd.api.proto.SampleRecord;

/** One job the service holds: its status, its samples once done, and who watches it. Thread-safe. */
final class JobRecord {
  private JobStatus status;
  private final String client;
  private final List<SampleRecord> samples = new ArrayList<>();
  private final List<Consumer<JobStatus>> watchers = new CopyOnWriteArrayList<>();

  JobRecord(String id, JobSpec spec, long submittedAtMs, String client) {
    this(JobStatus.newBuilder().setJobId(id).setSpec(spec).setState(JobState.QUEUED).setSubmittedAtMs(submittedAtMs)
        .build(), List.of(), client);
  }

  /** A job as recovered from the store, with its samples if it had finished. */
  JobRecord(JobStatus status, List<SampleRecord> samples, String client) {
    this.client = client;
    this.status = status.toBuilder().setSamples(samples.size()).build();
    this.samples.addAll(samples);
  }

  synchronized JobStatus status() {
    return status;
  }

  String client() {
    return client;
  }

  synchronized List<SampleRecord> samples() {
    return List.copyOf(samples);
  }

  static boolean ended(JobState state) {
    return state == JobState.DONE || state == JobState.FAILED || state == JobState.CANCELLED;
  }

  /** Applies a change unless the job has ended, then tells the watchers. */
  void update(java.util.function.UnaryOperator<JobStatus.Builder> change, List<SampleRecord> finished) {
    JobStatus now;
    synchronized (this) {
      if (ended(status.getState())) {
        return;
      }
      samples.addAll(finished);
      status = change.apply(status.toBuilder()).setSamples(samples.size()).build();
      now = status;
    }
    for (Consumer<JobStatus> watcher : watchers) {
      watcher.accept(now);
    }
    if (ended(now.getState())) {
      watchers.clear();
    }
  }

  /** Sends the current status now and every change until the job ends. */
  void watch(Consumer<JobStatus> watcher) {
    JobStatus now;
    synchronized (this) {
      now = status;
      if (!ended(now.getState())) {
        watchers.add(watcher);
      }
    }
    watcher.accept(now);
  }

  void unwatch(Consumer<JobStatus> watcher) {
    watchers.remove(watcher);
  }
}
