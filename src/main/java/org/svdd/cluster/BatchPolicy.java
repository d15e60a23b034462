package org.svdd.cluster;

/**
 * When a denoise worker runs its queue: as soon as {@code maxRows} rows wait, or when the oldest request
 * has waited {@code maxDelayNanos}. Pure, so it is tested without actors or clocks.
 */
public record BatchPolicy(int maxRows, long maxDelayNanos) {

  public BatchPolicy {
    if (maxRows < 1) {
      throw new IllegalArgumentException("svdd.denoise.max-batch must be at least 1, got " + maxRows);
    }
    if (maxDelayNanos < 0) {
      throw new IllegalArgumentException("svdd.denoise.max-delay must be >= 0, got " + maxDelayNanos + " ns");
    }
  }

  /** Whether to run now, given the queued rows and how long the oldest has waited. */
  public boolean flushNow(int queuedRows, long oldestWaitNanos) {
    return queuedRows >= maxRows || (queuedRows > 0 && oldestWaitNanos >= maxDelayNanos);
  }
}
