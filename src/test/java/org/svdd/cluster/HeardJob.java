package org.svdd.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.svdd.core.method.SamplingPlan;

/** What a job's submitter heard: its progress reports, in order, and its ending (for tests that run one job). */
record HeardJob(List<JobCoordinator.Progress> progress, JobCoordinator.Event end) {

  /** Submits {@code plan} as job "job" and waits up to a minute for its ending. */
  static HeardJob run(SamplingEngine engine, SamplingPlan plan) throws Exception {
    List<JobCoordinator.Progress> progress = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<JobCoordinator.Event> end = new CompletableFuture<>();
    engine.submit("job", plan, e -> {
      if (e instanceof JobCoordinator.Progress pr) {
        progress.add(pr);
      } else {
        end.complete(e);
      }
    });
    JobCoordinator.Event ending = end.get(60, TimeUnit.SECONDS); // first: every progress comes before it
    return new HeardJob(List.copyOf(progress), ending);
  }

  JobCoordinator.Progress last() {
    return progress.get(progress.size() - 1);
  }
}
