package org.svdd.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.svdd.api.proto.JobStatus;

/** Waiting on a registry's job in tests. */
final class RegistryWaits {
  private RegistryWaits() {}

  /** The job's status once it has ended (done, failed or cancelled); fails after a minute. */
  static JobStatus awaitEnd(JobRegistry registry, String id) throws Exception {
    CompletableFuture<JobStatus> end = new CompletableFuture<>();
    registry.watch(id, s -> {
      if (JobRecord.ended(s.getState())) {
        end.complete(s);
      }
    });
    return end.get(60, TimeUnit.SECONDS);
  }
}
