package org.svdd.api;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.svdd.api.proto.JobSpec;
import org.svdd.api.proto.JobState;
import org.svdd.store.StoredJob;

/**
 * A watcher arriving as its job is taken over attaches to the record this node follows from then on, whatever the
 * order: one left on a record read from the store before the takeover would hear nothing more (a race CI once hit in
 * TwoApiNodesTest: the watch last heard RUNNING 0/192 while the registry answered DONE).
 */
class KnownJobsTest {
  private static final String ID = "0f1e2d3c-0000-4000-8000-000000000001";

  private static StoredJob stored() {
    return new StoredJob(ID, JobSpecs.toJson(JobSpec.newBuilder().setParticles(2).build()), JobState.RUNNING.name(),
        null, 1L, "");
  }

  private static JobRecord readFromStore() {
    return new JobRecord(StoredStatus.of(stored()).build(), 0, "");
  }

  @Test
  void watchedThenTakenOver_theWatchedRecordIsFollowed() {
    KnownJobs known = new KnownJobs();
    JobRecord watched = known.forWatching(ID, readFromStore());
    assertSame(watched, known.takeOver(stored()));
    assertSame(watched, known.get(ID));
  }

  @Test
  void takenOverThenWatchedWithAStaleRead_theWatcherGetsTheFollowedRecord() {
    KnownJobs known = new KnownJobs();
    JobRecord followed = known.takeOver(stored());
    assertSame(followed, known.forWatching(ID, readFromStore()), "not the record read before the takeover");
  }

  @Test
  void watchAndTakeoverAtOnce_alwaysMeetOnOneRecord() throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2_000; round++) {
        KnownJobs known = new KnownJobs();
        CyclicBarrier start = new CyclicBarrier(2);
        JobRecord fromStore = readFromStore();
        Future<JobRecord> watching = two.submit(() -> {
          start.await();
          return known.forWatching(ID, fromStore);
        });
        Future<JobRecord> takingOver = two.submit(() -> {
          start.await();
          return known.takeOver(stored());
        });
        JobRecord followed = takingOver.get(10, TimeUnit.SECONDS);
        assertSame(followed, watching.get(10, TimeUnit.SECONDS), "round " + round + ": the watcher's record");
        assertSame(followed, known.get(ID), "round " + round);
      }
    } finally {
      two.shutdownNow();
    }
  }
}
