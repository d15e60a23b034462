package org.svdd.core.method;

/**
 * The job store's database does not answer (it is restarting, or out of reach): nothing was read or written, and
 * the same request may succeed once it is back. {@link Checkpoints} throw it too; a job waits instead of failing,
 * and the API answers UNAVAILABLE (HTTP 503).
 */
public final class StoreUnavailableException extends IllegalStateException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
