package org.svdd.oracle;

/** One oracle call failed (crash, timeout, unreadable output) after the allowed retries. */
public final class OracleCallException extends RuntimeException {
  public OracleCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
