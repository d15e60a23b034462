package org.svdd.oracle;

import java.time.Duration;

/**
 * How an oracle runs its external program: which binary, how many processes at once, the limit for one
 * call (past it the process tree is killed), and extra attempts after a failed one.
 *
 * @param binary program name on PATH or a path to it
 * @param processes concurrent processes
 * @param timeout limit for one call
 * @param retries extra attempts after a failed one
 */
public record PoolSettings(String binary, int processes, Duration timeout, int retries) {
  public PoolSettings {
    if (processes < 1) {
      throw new IllegalArgumentException("oracle processes must be at least 1, got " + processes);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("oracle timeout must be positive, got " + timeout.toMillis() + " ms");
    }
    if (retries < 0) {
      throw new IllegalArgumentException("oracle retries must be >= 0, got " + retries);
    }
  }

  /** One process per core, 30 s per call, two retries. */
  public static PoolSettings defaults(String binary) {
    return new PoolSettings(binary, Math.max(1, Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(30), 2);
  }
}
