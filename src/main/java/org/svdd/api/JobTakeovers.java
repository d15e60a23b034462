package org.svdd.api;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.svdd.api.proto.JobState;
import org.svdd.cluster.SamplingEngine;
import org.svdd.store.JdbcJobStore;
import org.svdd.store.StoredJob;

/**
 * Which unfinished jobs this api node follows, as its leases say ({@link JobLeases}): at start it takes back its own
 * jobs from before a restart and any no live node follows; then, every third of a lease, it renews its leases, lets
 * go of jobs another node took over meanwhile (this node was unreachable past its lease), stops jobs another node
 * cancelled (the store has the cancel; the message that node sent the job's coordinator may have been lost with the
 * coordinator's node), takes over jobs whose lease lapsed, and ends cancelled jobs whose api node was lost before
 * it stored their end. Runs on the lease thread alone.
 */
final class JobTakeovers {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobTakeovers.class);
  private final KnownJobs known;
  private final JobLeases.Keeper leases;
  private final JdbcJobStore store;
  private final SamplingEngine engine;
  private final Clock clock;
  /** Resumes a job this node took the lease of; or ends it, and says why it could not resume it. */
  private final Function<JobRecord, Optional<String>> resume;
  /** Drops what this node kept of a job it let go of without hearing its end. */
  private final Consumer<String> letGo;
  /** Stops a job this node follows that another api node cancelled. */
  private final Consumer<String> cancelledElsewhere;
  /** Whether the last renewal of this node's leases failed. */
  private boolean renewalFailed;
  /** Before this time (epoch ms) this node takes no lapsed lease over. */
  private long takeLapsedFrom;

  JobTakeovers(KnownJobs known, JobLeases.Keeper leases, JdbcJobStore store, SamplingEngine engine, Clock clock,
      Function<JobRecord, Optional<String>> resume, Consumer<String> letGo, Consumer<String> cancelledElsewhere) {
    this.known = known;
    this.leases = leases;
    this.store = store;
    this.engine = engine;
    this.clock = clock;
    this.resume = resume;
    this.letGo = letGo;
    this.cancelledElsewhere = cancelledElsewhere;
  }

  /**
   * Takes back this node's jobs from before a restart, and any without a live lease: how many it resumed, and those
   * it could not resume (ended FAILED) with why.
   */
  JobRegistry.Recovery recover() {
    int resumed = 0;
    Map<String, String> ended = new LinkedHashMap<>();
    for (StoredJob stored : leases.claim(true)) {
      Optional<String> why = takeOver(stored);
      if (why.isPresent()) {
        ended.put(stored.id(), why.get());
      } else {
        resumed++;
      }
    }
    return new JobRegistry.Recovery(resumed, ended);
  }

  private Optional<String> takeOver(StoredJob stored) {
    Optional<String> why = resume.apply(known.takeOver(stored));
    why.ifPresent(w -> LOG.warn("job {} could not be resumed and ended FAILED: {}", stored.id(), w));
    return why;
  }

  /**
   * Ends a cancelled job whose api node was lost before it heard the end: its coordinator is told to stop (again),
   * and its end is stored with the progress last stored, its checkpoints dropped, so it is no longer kept half-ended.
   */
  private void endCancelled(StoredJob job) {
    LOG.warn("ending job {}: it was cancelled, and its api node was lost before it heard the job's end", job.id());
    engine.cancel(job.id());
    store.end(job.id(), JobState.CANCELLED.name(), "cancelled (its api node was lost before the job's end was heard)",
        new StoredJob.Ending(job.progress(), job.tally(), clock.millis()));
  }

  /**
   * One round. After renewals that failed (the store did not answer), it waits a lease's length before taking any
   * lapsed lease: the other api nodes could not renew theirs through the same outage, and are given the time to
   * (else the first to get through took every other node's jobs).
   */
  void keep() {
    if (store.isClosed()) {
      leases.close(false); // the service is shutting down around this node's registry
      return;
    }
    try {
      Set<String> held = new HashSet<>(leases.renew());
      if (renewalFailed) {
        renewalFailed = false;
        takeLapsedFrom = clock.millis() + leases.ttl().toMillis();
        LOG.info("job leases: renewed again; lapsed leases of other api nodes are taken over from {} ms on, once they"
            + " could renew theirs", leases.ttl().toMillis());
      }
      for (String id : known.followedIds()) {
        String owner = held.contains(id) ? leases.owner() : leases.ownerOf(id);
        boolean takenElsewhere = !owner.equals(leases.owner()) && !owner.isEmpty();
        if (takenElsewhere && known.handOver(id)) {
          LOG.warn("job {} was taken over by {}; this node stops following it", id, owner);
          engine.release(id);
          letGo.accept(id);
        } else if (!held.contains(id) && !takenElsewhere) {
          // leased here but no longer unfinished in the store, and not ended here: cancelled through another api node
          store.job(id).filter(j -> JobState.CANCELLED.name().equals(j.state()) && j.endedAtMs() == 0)
              .ifPresent(j -> cancelledElsewhere.accept(id));
        }
      }
      for (String id : held) {
        if (!known.follows(id)) {
          // leased to this node's name but not followed here (given to it by an operator, or taken
          // by this node's previous life after recover ran)
          store.job(id).ifPresent(this::takeOver);
        }
      }
      if (clock.millis() >= takeLapsedFrom) {
        for (StoredJob lapsed : leases.claim(false)) {
          LOG.warn("taking over job {}: its api node's lease lapsed", lapsed.id());
          takeOver(lapsed);
        }
        for (StoredJob cancelled : leases.claimCancelled()) {
          if (!known.follows(cancelled.id())) {
            endCancelled(cancelled);
          }
        }
      }
    } catch (RuntimeException e) {
      renewalFailed = true;
      LOG.warn("job leases: {}", e.getMessage());
    }
  }
}
