package org.svdd.cluster;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Engine tuning read from the {@code svdd} section of the configuration, validated once at start-up
 * with errors that name the key.
 *
 * @param denoiseWorkers model replicas on this node
 * @param maxBatch rows per forward pass at most
 * @param maxDelay how long a worker waits to fill a batch
 * @param microBatch largest forward-pass shape; a job's rows run in the one shape its N·M names (batch invariance)
 * @param maxInFlight designs a reward worker has outstanding at most
 * @param cacheSize rewards remembered across a job
 * @param requestTimeout how long a particle waits for a worker's answer before asking another
 * @param checkpointEvery save each particle's trajectory every this many steps (0: never)
 * @param jobKeepAlive how often an unfinished job's Run is sent again (restarts a lost coordinator)
 * @param maxFailureFraction a job fails once more than this fraction of its designs could not be scored
 * @param maxQueuedRows rows a denoise worker holds waiting at most; a request beyond is answered busy
 *     and its particle asks again later (back-pressure)
 * @param maxQueuedDesigns designs a reward worker holds waiting (not yet at the oracle) at most
 * @param anotherWorkerWait how long a score the only reward worker known failed whole waits for another to be known
 *     before its job fails
 */
public record EngineSettings(int denoiseWorkers, int maxBatch, Duration maxDelay, int microBatch, int maxInFlight,
    long cacheSize, Duration requestTimeout, int checkpointEvery, Duration jobKeepAlive, double maxFailureFraction,
    int maxQueuedRows, int maxQueuedDesigns, Duration anotherWorkerWait) {

  public EngineSettings(int denoiseWorkers, int maxBatch, Duration maxDelay, int microBatch, int maxInFlight,
      long cacheSize, Duration requestTimeout, int checkpointEvery, Duration jobKeepAlive, double maxFailureFraction,
      int maxQueuedRows, int maxQueuedDesigns) {
    this(denoiseWorkers, maxBatch, maxDelay, microBatch, maxInFlight, cacheSize, requestTimeout, checkpointEvery,
        jobKeepAlive, maxFailureFraction, maxQueuedRows, maxQueuedDesigns, Routing.ANOTHER_WORKER_WAIT);
  }

  public static final double DEFAULT_MAX_FAILURE_FRACTION = 0.1;
  public static final int DEFAULT_MAX_QUEUED_ROWS = 16_384;
  public static final int DEFAULT_MAX_QUEUED_DESIGNS = 4_096;

  public EngineSettings(int denoiseWorkers, int maxBatch, Duration maxDelay, int microBatch, int maxInFlight,
      long cacheSize, Duration requestTimeout, int checkpointEvery, Duration jobKeepAlive, double maxFailureFraction) {
    this(denoiseWorkers, maxBatch, maxDelay, microBatch, maxInFlight, cacheSize, requestTimeout, checkpointEvery,
        jobKeepAlive, maxFailureFraction, DEFAULT_MAX_QUEUED_ROWS, DEFAULT_MAX_QUEUED_DESIGNS);
  }

  public EngineSettings(int denoiseWorkers, int maxBatch, Duration maxDelay, int microBatch, int maxInFlight,
      long cacheSize, Duration requestTimeout, int checkpointEvery, Duration jobKeepAlive) {
    this(denoiseWorkers, maxBatch, maxDelay, microBatch, maxInFlight, cacheSize, requestTimeout, checkpointEvery,
        jobKeepAlive, DEFAULT_MAX_FAILURE_FRACTION);
  }

  public EngineSettings(int denoiseWorkers, int maxBatch, Duration maxDelay, int microBatch, int maxInFlight,
      long cacheSize, Duration requestTimeout, int checkpointEvery) {
    this(denoiseWorkers, maxBatch, maxDelay, microBatch, maxInFlight, cacheSize, requestTimeout, checkpointEvery,
        Duration.ofSeconds(3));
  }

  /** Settings without checkpoints. */
  public EngineSettings(int denoiseWorkers, int maxBatch, Duration maxDelay, int microBatch, int maxInFlight,
      long cacheSize, Duration requestTimeout) {
    this(denoiseWorkers, maxBatch, maxDelay, microBatch, maxInFlight, cacheSize, requestTimeout, 0, Duration.ofSeconds(3));
  }

  public EngineSettings {
    positive("svdd.denoise.workers", denoiseWorkers);
    positive("svdd.denoise.max-batch", maxBatch);
    positive("svdd.denoise.micro-batch", microBatch);
    positive("svdd.reward.max-in-flight", maxInFlight);
    positive("svdd.reward.cache-size", cacheSize);
    positive("svdd.denoise.max-queued-rows", maxQueuedRows);
    positive("svdd.reward.max-queued-designs", maxQueuedDesigns);
    if (jobKeepAlive.isNegative() || jobKeepAlive.isZero()) {
      throw new IllegalArgumentException("svdd.routing.job-keep-alive must be positive, got " + jobKeepAlive.toMillis() + " ms");
    }
    if (!(maxFailureFraction >= 0 && maxFailureFraction <= 1)) {
      throw new IllegalArgumentException("svdd.reward.max-failure-fraction must lie in [0, 1], got " + maxFailureFraction);
    }
    if (checkpointEvery < 0) {
      throw new IllegalArgumentException("svdd.store.checkpoint-every must be >= 0, got " + checkpointEvery);
    }
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("svdd.denoise.max-delay must not be negative, got " + maxDelay.toMillis() + " ms");
    }
    if (anotherWorkerWait.isNegative()) {
      throw new IllegalArgumentException("svdd.routing.another-worker-wait must not be negative, got "
          + anotherWorkerWait.toMillis() + " ms");
    }
  }

  public static EngineSettings from(Config config) {
    // full paths, so that a wrong value is named by the key the user wrote
    return new EngineSettings(
        config.getInt("svdd.denoise.workers"),
        config.getInt("svdd.denoise.max-batch"),
        config.getDuration("svdd.denoise.max-delay"),
        config.getInt("svdd.denoise.micro-batch"),
        config.getInt("svdd.reward.max-in-flight"),
        config.getLong("svdd.reward.cache-size"),
        config.getDuration("svdd.routing.request-timeout"),
        config.getInt("svdd.store.checkpoint-every"),
        config.getDuration("svdd.routing.job-keep-alive"),
        config.getDouble("svdd.reward.max-failure-fraction"),
        config.getInt("svdd.denoise.max-queued-rows"),
        config.getInt("svdd.reward.max-queued-designs"),
        config.getDuration("svdd.routing.another-worker-wait"));
  }

  public BatchPolicy batchPolicy() {
    return new BatchPolicy(maxBatch, maxDelay.toNanos(), microBatch);
  }

  /** These settings with other batch and in-flight limits (a job spec's). */
  public EngineSettings withLimits(int rows, int inFlight) {
    return new EngineSettings(denoiseWorkers, rows, maxDelay, microBatch, inFlight, cacheSize, requestTimeout,
        checkpointEvery, jobKeepAlive, maxFailureFraction, maxQueuedRows, maxQueuedDesigns, anotherWorkerWait);
  }

  /** These settings with another {@link #anotherWorkerWait}. */
  public EngineSettings withAnotherWorkerWait(Duration wait) {
    return new EngineSettings(denoiseWorkers, maxBatch, maxDelay, microBatch, maxInFlight, cacheSize, requestTimeout,
        checkpointEvery, jobKeepAlive, maxFailureFraction, maxQueuedRows, maxQueuedDesigns, wait);
  }

  private static void positive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + value);
    }
  }
}
