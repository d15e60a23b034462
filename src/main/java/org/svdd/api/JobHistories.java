package org.svdd.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import org.svdd.api.proto.JobStatus;

/**
 * The statuses each job went through on this api node, for the dashboard's progress plots: at most {@link #KEPT}
 * per job (when full, every other one is dropped, so a long job's history thins out evenly), for the last 1,024
 * jobs.
 */
final class JobHistories {
  static final int KEPT = 512;
  private final Cache<String, List<JobStatus>> histories = Caffeine.newBuilder().maximumSize(1024).build();

  void add(String id, JobStatus status) {
    List<JobStatus> history = histories.get(id, k -> new ArrayList<>());
    synchronized (history) {
      if (history.size() == KEPT) {
        for (int i = history.size() - 1; i > 0; i -= 2) {
          history.remove(i - 1);
        }
      }
      history.add(status);
    }
  }

  /** A job's statuses, oldest first; empty if none was recorded here. */
  List<JobStatus> of(String id) {
    List<JobStatus> history = histories.getIfPresent(id);
    if (history == null) {
      return List.of();
    }
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  void forget(String id) {
    histories.invalidate(id);
  }
}
