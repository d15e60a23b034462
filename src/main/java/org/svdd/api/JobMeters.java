package org.svdd.api;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.svdd.api.proto.JobState;
import org.svdd.store.JdbcJobStore;

/** An api node's job meters: jobs in the store by state, and each running job it follows, its progress and step time. */
final class JobMeters {
  private final MeterRegistry meters;
  /** Jobs in the store by state, read at most once a second; held here because gauges hold it weakly. */
  private final LoadingCache<String, Map<String, Long>> counts;
  private final Map<String, ProgressMeters> progress = new ConcurrentHashMap<>();

  JobMeters(MeterRegistry meters, JdbcJobStore store) {
    this.meters = meters;
    this.counts = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).build(k -> store.countByState());
    for (JobState state : List.of(JobState.QUEUED, JobState.RUNNING, JobState.DONE, JobState.FAILED, JobState.CANCELLED)) {
      Gauge.builder("svdd.jobs", counts, c -> c.get("").getOrDefault(state.name(), 0L))
          .description("jobs in the job store, by state").tag("state", state.name()).register(meters);
    }
  }

  /** A followed job's progress report. */
  void progress(String id, long stepsDone, long stepsTotal) {
    progress.computeIfAbsent(id, k -> new ProgressMeters(meters, k)).update(stepsDone, stepsTotal);
  }

  /** Removes a job's meters: it ended, or this node no longer follows it. */
  void drop(String id) {
    ProgressMeters gauges = progress.remove(id);
    if (gauges != null) {
      gauges.remove();
    }
  }
}
