package org.svdd.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.svdd.api.proto.JobStatus;

/** Waiting on a registry's job in tests. */
final class RegistryWaits {
  private RegistryWaits() {}

  /**
   * The job's status once it has ended (done, failed or cancelled); fails after a minute saying what the watch last
   * heard and what the registry answers for the job then (its record, or its stored row), for a failure to be read.
   */
  static JobStatus awaitEnd(JobRegistry registry, String id) throws Exception {
    CompletableFuture<JobStatus> end = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicReference<JobStatus> heard = new java.util.concurrent.atomic.AtomicReference<>();
    registry.watch(id, s -> {
      heard.set(s);
      if (JobRecord.ended(s.getState())) {
        end.complete(s);
      }
    });
    try {
      return end.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      JobStatus last = heard.get();
      String now;
      try {
        JobStatus s = registry.get(id);
        now = s.getState() + " " + s.getStepsDone() + "/" + s.getStepsTotal() + " " + s.getError() + s.getNote();
      } catch (RuntimeException unread) {
        now = "unreadable: " + unread;
      }
      throw new AssertionError("job " + id + " did not end within a minute; the watch last heard "
          + (last == null ? "nothing" : last.getState() + " " + last.getStepsDone() + "/" + last.getStepsTotal())
          + "; the registry answers " + now, e);
    }
  }
}
