package org.svdd.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a node's workers did: totals the command line and benchmarks read, and Micrometer meters (per
 * worker) that {@code svdd serve} exposes to Prometheus: rows per pass, micro-batch fill, queued rows,
 * oracle latency and failures.
 */
public final class WorkerStats {
  private final MeterRegistry registry;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong computedRows = new AtomicLong();
  private final AtomicLong scoreRequests = new AtomicLong();
  private final AtomicLong designs = new AtomicLong();

  public WorkerStats() {
    this(new SimpleMeterRegistry());
  }

  public WorkerStats(MeterRegistry registry) {
    this.registry = registry;
  }

  void recordBatch(String worker, int rowCount, int computed) {
    batches.incrementAndGet();
    rows.addAndGet(rowCount);
    computedRows.addAndGet(computed);
    DistributionSummary.builder("svdd.denoise.batch.rows").description("rows per forward pass").tag("worker", worker)
        .register(registry).record(rowCount);
    DistributionSummary.builder("svdd.denoise.batch.fill").description("real rows over computed rows per pass")
        .tag("worker", worker).register(registry).record((double) rowCount / computed);
  }

  /** The gauge of rows waiting at a denoise worker. */
  AtomicInteger queueGauge(String worker) {
    AtomicInteger queued = new AtomicInteger();
    busy(worker);
    registry.gauge("svdd.denoise.queue.rows", java.util.List.of(io.micrometer.core.instrument.Tag.of("worker", worker)),
        queued);
    return queued;
  }

  /** A request a worker turned away because its queue was full (the sender asks again later). */
  void recordBusy(String worker) {
    busy(worker).increment();
  }

  private Counter busy(String worker) {
    return Counter.builder("svdd.worker.busy")
        .description("requests turned away by a full worker queue, asked again after a back-off")
        .tag("worker", worker).register(registry);
  }

  void recordScore(int designCount) {
    scoreRequests.incrementAndGet();
    designs.addAndGet(designCount);
  }

  /** Registers a reward worker's series at zero, so they are scraped before the first failure. */
  void registerRewardWorker(String worker) {
    failures(worker);
    failedDesigns(worker);
    busy(worker);
  }

  void recordOracleCall(String worker, Duration latency, boolean failed, int failedDesignCount) {
    Timer.builder("svdd.oracle.latency").description("time from dispatch to answer of one reward request")
        .tag("worker", worker).publishPercentileHistogram().register(registry).record(latency);
    if (failed) {
      failures(worker).increment();
    }
    if (failedDesignCount > 0) {
      failedDesigns(worker).increment(failedDesignCount);
    }
  }

  private Counter failures(String worker) {
    return Counter.builder("svdd.oracle.failures").description("reward requests that failed as a whole")
        .tag("worker", worker).register(registry);
  }

  private Counter failedDesigns(String worker) {
    return Counter.builder("svdd.oracle.failed.designs")
        .description("designs the oracle could not score after its retries (never chosen)")
        .tag("worker", worker).register(registry);
  }

  /** Zeroes the totals (benchmarks discard their warm-up); meters keep counting. */
  public void reset() {
    batches.set(0);
    rows.set(0);
    computedRows.set(0);
    scoreRequests.set(0);
    designs.set(0);
  }

  public long batches() {
    return batches.get();
  }

  public long rows() {
    return rows.get();
  }

  /** Rows asked for over rows computed: the share of each fixed-shape micro-batch holding real rows. */
  public double batchFill() {
    long computed = computedRows.get();
    return computed == 0 ? 0 : (double) rows.get() / computed;
  }

  /** Mean rows per forward pass. */
  public double meanBatchRows() {
    long n = batches.get();
    return n == 0 ? 0 : (double) rows.get() / n;
  }

  public long designsRequested() {
    return designs.get();
  }
}
