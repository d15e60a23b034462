package org.svdd.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.svdd.api.proto.JobState;
import org.svdd.cluster.JobCoordinator;
import org.svdd.core.method.StoreUnavailableException;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/**
 * Carries the events of the jobs an api node follows to the job store and to the node's listeners, in the order
 * they came, never on the actor thread that delivers them (a slow store holds no dispatcher). Events are stored on a
 * writer thread and told on a teller thread: progress is told at once, whether the store takes it or not (while the
 * database does not answer, each write waits for it, and listeners would hear nothing for as long); a job's end is
 * told only once it is stored, with the counts of the progress told before it.
 *
 * <p>Progress is written at most every {@link #PROGRESS_WRITE_EVERY} per job, for the other api nodes to read;
 * progress the store cannot take is skipped (the next carries it on). A job's end that finds the store unavailable is
 * tried again, waiting longer each time, until the store takes it or this closes: an end heard but not stored would
 * leave the job running in the store under this node's live lease, its samples only in memory. An end the store
 * refuses is logged.
 */
final class JobEvents implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobEvents.class);
  /** How often a job's progress is written to the store. */
  static final Duration PROGRESS_WRITE_EVERY = Duration.ofSeconds(2);
  /** The longest wait between tries to store a job's end while the store does not answer. */
  private static final Duration ENDING_RETRY_MAX = Duration.ofSeconds(30);

  /** What hears a job's events on the teller thread, once per event, in order. */
  @FunctionalInterface
  interface Listener {
    void heard(JobRecord record, JobCoordinator.Event event, long at);
  }

  private final JdbcJobStore store;
  /** Jobs asked to stop: their progress does not record them as running again. */
  private final Predicate<String> cancelRequested;
  private final Listener listener;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(daemon("svdd-job-writer"));
  private final ExecutorService teller = Executors.newSingleThreadExecutor(daemon("svdd-job-teller"));
  /** When each job's progress was last written, by System.nanoTime (touched by the writer thread only). */
  private final Map<String, Long> progressWritten = new HashMap<>();
  /** Jobs whose start this node stored (touched by the writer thread only). */
  private final Set<String> startStored = new HashSet<>();

  JobEvents(JdbcJobStore store, Predicate<String> cancelRequested, Listener listener) {
    this.store = store;
    this.cancelRequested = cancelRequested;
    this.listener = listener;
  }

  /** Stores the event and tells it, as this class says; returns at once. */
  void accept(JobRecord record, JobCoordinator.Event event, long at) {
    if (event instanceof JobCoordinator.Progress) {
      teller.execute(() -> listener.heard(record, event, at));
      writer.execute(() -> record(record, event, at));
    } else {
      writer.execute(() -> {
        toldSoFar(); // the end is stored with the counts of the job's last progress, which the record has then
        record(record, event, at);
        if (!teller.isShutdown()) {
          teller.execute(() -> listener.heard(record, event, at));
        }
      });
    }
  }

  /**
   * Drops what is kept of a job this node stops following without hearing its end (its writes' bookkeeping), and runs
   * {@code onTeller} on the teller thread after the events told so far.
   */
  void letGo(String id, Runnable onTeller) {
    teller.execute(onTeller);
    writer.execute(() -> {
      progressWritten.remove(id);
      startStored.remove(id);
    });
  }

  /** Waits until the listener heard every event that came before now. */
  private void toldSoFar() {
    try {
      teller.submit(() -> { }).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RejectedExecutionException e) {
      // closing: nobody is told any more
    }
  }

  private void record(JobRecord record, JobCoordinator.Event event, long at) {
    boolean ending = !(event instanceof JobCoordinator.Progress);
    for (long waitMs = 250; ; waitMs = Math.min(2 * waitMs, ENDING_RETRY_MAX.toMillis())) {
      try {
        persist(record, event, at);
        return;
      } catch (RuntimeException e) {
        String what = event.getClass().getSimpleName();
        String id = record.status().getJobId();
        if (!ending && e instanceof StoreUnavailableException) {
          // an outage: the job runs on, and a later progress (or its ending, which is retried) is stored instead
          LOG.warn("job store: could not record {} of job {} ({}); a later one will be", what, id, e.getMessage());
          return;
        }
        if (!(e instanceof StoreUnavailableException) || writer.isShutdown()) {
          LOG.error("job store: could not record {} of job {}: {}", what, id, e.getMessage());
          return;
        }
        LOG.warn("job store: could not record {} of job {} ({}); trying again in {} ms", what, id, e.getMessage(),
            waitMs);
        try {
          Thread.sleep(waitMs);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Stores the event; an ending with the progress and tally of the job's last status, at {@code at}. */
  private void persist(JobRecord record, JobCoordinator.Event event, long at) {
    String id = record.status().getJobId();
    if (event instanceof JobCoordinator.Progress p) {
      if (!startStored.contains(id) && !cancelRequested.test(id)) {
        store.markRunning(id, at); // a job resumed is running in the store already: this changes nothing
        startStored.add(id);
      }
      long now = System.nanoTime();
      Long last = progressWritten.get(id);
      if (last == null || now - last >= PROGRESS_WRITE_EVERY.toNanos()) {
        progressWritten.put(id, now);
        store.progress(id, new StoredJob.Progress(p.stepsDone(), p.stepsTotal(), p.q10Value(), p.medianValue(),
            p.q90Value()));
      }
      return;
    }
    progressWritten.remove(id);
    startStored.remove(id);
    StoredJob.Ending ending = StoredStatus.ending(record.status(), at);
    if (event instanceof JobCoordinator.Finished f) {
      store.finish(id, JobState.DONE.name(), f.samples(), ending);
    } else if (event instanceof JobCoordinator.Failed f) {
      store.end(id, JobState.FAILED.name(), f.reason(), ending);
    } else if (event instanceof JobCoordinator.Cancelled c) {
      store.end(id, JobState.CANCELLED.name(), c.reason(), ending);
    }
  }

  /** Takes no more events: those queued still run, and an end being tried again is tried no more. */
  @Override
  public void close() {
    writer.shutdown();
    teller.shutdown();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
