package org.svdd.cluster;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a node's workers update and the CLI reads at the end of a job. */
public final class WorkerStats {
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong batchCapacity = new AtomicLong();
  private final AtomicLong scoreRequests = new AtomicLong();
  private final AtomicLong designs = new AtomicLong();

  void recordBatch(int rowCount, int computedRows) {
    batches.incrementAndGet();
    rows.addAndGet(rowCount);
    batchCapacity.addAndGet(computedRows);
  }

  void recordScore(int designCount) {
    scoreRequests.incrementAndGet();
    designs.addAndGet(designCount);
  }

  /** Zeroes every counter (benchmarks discard their warm-up). */
  public void reset() {
    batches.set(0);
    rows.set(0);
    batchCapacity.set(0);
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
    long capacity = batchCapacity.get();
    return capacity == 0 ? 0 : (double) rows.get() / capacity;
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
