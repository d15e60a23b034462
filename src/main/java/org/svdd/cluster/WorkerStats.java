package org.svdd.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a node's workers did: totals the command line and benchmarks read, Micrometer meters (per
 * worker) that {@code svdd serve} exposes to Prometheus: rows per pass, micro-batch fill, queued rows,
 * designs at and waiting for the oracle, oracle latency and failures; and the node's present load, which
 * {@code svdd nodes} shows ({@link #load}).
 */
public final class WorkerStats {
  private final MeterRegistry registry;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong computedRows = new AtomicLong();
  private final AtomicLong scoreRequests = new AtomicLong();
  private final AtomicLong designs = new AtomicLong();
  /** Per worker name, so that a restarted worker (the same name) counts on in the same gauge. */
  private final Map<String, AtomicInteger> queuedRows = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> runningDesigns = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> waitingDesigns = new ConcurrentHashMap<>();
  private final AtomicInteger coordinating = new AtomicInteger();

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

  /** The gauge of rows waiting at a denoise worker (one per worker name: a restarted worker sets it anew). */
  AtomicInteger queueGauge(String worker) {
    busy(worker);
    return gauge(queuedRows, worker, "svdd.denoise.queue.rows", "rows waiting for a forward pass");
  }

  /** The gauges of designs a reward worker has at its oracle, and waiting for room there. */
  record RewardGauges(AtomicInteger running, AtomicInteger waiting) {}

  private AtomicInteger gauge(Map<String, AtomicInteger> byWorker, String worker, String name, String description) {
    return byWorker.computeIfAbsent(worker, w -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder(name, value, AtomicInteger::get).description(description).tag("worker", w).register(registry);
      return value;
    });
  }

  /** A job's coordinator started on this node; {@link #coordinatorStopped} when it ends. */
  void coordinatorStarted() {
    coordinating.incrementAndGet();
  }

  void coordinatorStopped() {
    coordinating.decrementAndGet();
  }

  /**
   * What this node is doing now, and has done since it started, its oracles' programs being {@code slots} and the
   * oracles themselves {@code oracles}.
   */
  public NodeReporter.Load load(org.svdd.core.reward.RewardOracle.Slots slots, java.util.List<OracleUse> oracles) {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return new NodeReporter.Load(coordinating.get(), sum(queuedRows), rows.get(), sum(runningDesigns),
        sum(waitingDesigns), designs.get(), slots.busy(), slots.total(), os.getSystemLoadAverage(),
        os.getAvailableProcessors(), oracles);
  }

  private static int sum(Map<String, AtomicInteger> byWorker) {
    return byWorker.values().stream().mapToInt(AtomicInteger::get).sum();
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

  /**
   * Registers a reward worker's series at zero, so they are scraped before the first failure; its gauges of designs
   * at and waiting for the oracle (one per worker name: a restarted worker sets them anew).
   */
  RewardGauges registerRewardWorker(String worker) {
    failures(worker);
    failedDesigns(worker);
    busy(worker);
    return new RewardGauges(
        gauge(runningDesigns, worker, "svdd.oracle.designs.running", "designs sent to the oracle, not yet answered"),
        gauge(waitingDesigns, worker, "svdd.oracle.designs.waiting", "designs waiting for room at the oracle"));
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
