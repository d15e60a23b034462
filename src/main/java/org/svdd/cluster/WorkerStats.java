package org.svdd.cluster;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a node's workers update and the CLI reads at the end of a job. */
public final class WorkerStats {
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong batchCapacity = new AtomicLong();
  private final AtomicLong scoreRequests = new AtomicLong();
  private final AtomicLong designs = new AtomicLong();

  void recordBatch(int rowCount, int capacity) {
    batches.incrementAndGet();
    rows.addAndGet(rowCount);
    batchCapacity.addAndGet(capacity);
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

  /** Mean fraction of the maximum batch that was filled. */
  public double batchFill() {
    long capacity = batchCapacity.get();
    return capacity == 0 ? 0 : (double) rows.get() / capacity;
  }

  public long designsRequested() {
    return designs.get();
  }
}
