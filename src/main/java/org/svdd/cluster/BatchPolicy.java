package org.svdd.cluster;

/**
 * How many queued rows a denoise worker runs now. Pure, so it is tested without actors or clocks.
 *
 * <p>Idle, the worker waits to fill a batch: it runs {@code maxRows} as soon as they are queued, or
 * whatever is queued once the oldest row has waited {@code maxDelayNanos}. Warm (a forward pass has
 * just ended, so more requests are on their way), it runs every whole micro-batch ({@code quantum}
 * rows, the shape the network always computes) at once and waits only for a partial one, which would
 * cost a full micro-batch of compute for fewer rows. A row's wait counts from when it could first have
 * joined a pass (its arrival, or the end of the pass it queued behind), so rows left over behind a long
 * pass still wait for company instead of running padded at once.
 *
 * <p>Waiting pays only if company comes: given how long rows take to arrive ({@code nanosPerRow}, the
 * recent mean gap per row, or the silence since the last one if longer), queued rows run at once when
 * what they wait for (the micro-batch being filled, or a whole batch when no micro-batch is partly
 * filled) is not expected to arrive before the delay runs out. A lone particle's rows never wait in
 * vain, and many particles' rows wait just long enough to share a pass.
 */
public record BatchPolicy(int maxRows, long maxDelayNanos, int quantum) {

  public BatchPolicy {
    if (maxRows < 1) {
      throw new IllegalArgumentException("svdd.denoise.max-batch must be at least 1, got " + maxRows);
    }
    if (maxDelayNanos < 0) {
      throw new IllegalArgumentException("svdd.denoise.max-delay must be >= 0, got " + maxDelayNanos + " ns");
    }
    if (quantum < 1) {
      throw new IllegalArgumentException("svdd.denoise.micro-batch must be at least 1, got " + quantum);
    }
  }

  /** Rows to run now (0: wait), as if company always came soon. */
  public int rowsToRun(int queuedRows, long oldestWaitNanos, boolean warm) {
    return rowsToRun(queuedRows, oldestWaitNanos, warm, 0);
  }

  /**
   * Rows to run now (0: wait), given the queued rows, the oldest one's wait, whether a pass just ended,
   * and the expected nanoseconds until each next row arrives.
   */
  public int rowsToRun(int queuedRows, long oldestWaitNanos, boolean warm, long nanosPerRow) {
    if (queuedRows >= maxRows) {
      return maxRows;
    }
    if (queuedRows == 0) {
      return 0;
    }
    if (warm && queuedRows >= quantum) {
      return queuedRows / quantum * quantum;
    }
    long left = maxDelayNanos - oldestWaitNanos;
    int partial = queuedRows % quantum;
    // the rows worth waiting for: the micro-batch being filled, or (none being filled) a whole batch
    int target = partial == 0 ? maxRows : queuedRows - partial + quantum;
    boolean fillsInTime = (double) (target - queuedRows) * nanosPerRow < left;
    return left <= 0 || !fillsInTime ? queuedRows : 0;
  }
}
