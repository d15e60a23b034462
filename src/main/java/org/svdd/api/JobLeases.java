package org.svdd.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.svdd.store.JdbcJobLeases;
import org.svdd.store.StoredJob;

/**
 * This api node's leases on the unfinished jobs it follows, so that several api nodes can share one
 * job store and any of them can die: the node renews its leases every third of {@code ttl}; another
 * node takes over a job whose lease lapsed and resumes it from its checkpoints. Leases run by the database's clock,
 * so api nodes need not agree on the time.
 *
 * @param owner this node's name in the store: stable across restarts of the node (so a restarted node
 *     takes its own jobs back at once) and unique among live api nodes
 * @param ttl how long a lease outlives its last renewal
 */
public record JobLeases(String owner, Duration ttl) {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);

  public JobLeases {
    if (owner == null || owner.isBlank() || owner.length() > 256) {
      throw new IllegalArgumentException("an api node's lease owner name must have 1 to 256 characters");
    }
    if (ttl.compareTo(Duration.ofMillis(300)) < 0) {
      throw new IllegalArgumentException("svdd.api.job-lease must be at least 300 ms, got " + ttl.toMillis() + " ms");
    }
  }

  /** The lease of {@code owner} renewed at {@code svdd.api.job-lease}. */
  public static JobLeases from(com.typesafe.config.Config config, String owner) {
    return new JobLeases(owner, config.getDuration("svdd.api.job-lease"));
  }

  /** The renewals and takeovers of one registry on one store, on a thread of their own. */
  static final class Keeper implements AutoCloseable {
    private final JdbcJobLeases table;
    private final JobLeases lease;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "svdd-job-leases");
      t.setDaemon(true);
      return t;
    });

    Keeper(JdbcJobLeases table, JobLeases lease) {
      this.table = table;
      this.lease = lease;
    }

    String owner() {
      return lease.owner();
    }

    Duration ttl() {
      return lease.ttl();
    }

    /** Renews every lease this node holds; the ids of the unfinished jobs it holds. */
    List<String> renew() {
      return table.renew(lease.owner(), lease.ttl());
    }

    /** Takes the unfinished jobs without a live lease (and, at start, this node's own from before a restart). */
    List<StoredJob> claim(boolean own) {
      return table.claim(lease.owner(), lease.ttl(), own);
    }

    /** Takes the cancelled jobs whose end no live node will store (their api node was lost). */
    List<StoredJob> claimCancelled() {
      return table.claimCancelled(lease.owner(), lease.ttl());
    }

    String ownerOf(String jobId) {
      return table.owner(jobId);
    }

    /** Runs {@code tick} every third of the lease, {@code poll} every {@code pollEvery}. */
    void start(Runnable tick, Runnable poll, Duration pollEvery) {
      long period = Math.max(100, lease.ttl().toMillis() / 3);
      timer.scheduleWithFixedDelay(tick, period, period, TimeUnit.MILLISECONDS);
      timer.scheduleWithFixedDelay(poll, pollEvery.toMillis(), pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops renewing; with {@code release}, lets this node's leases lapse at once for another node to take. */
    void close(boolean release) {
      timer.shutdownNow();
      if (release) {
        table.releaseAll(lease.owner());
      }
    }

    @Override
    public void close() {
      close(false);
    }
  }
}
