package org.svdd.oracle;

/** An oracle cannot run at all (binary missing, not executable); the message says how to fix it. */
public final class OracleUnavailableException extends RuntimeException {
  public OracleUnavailableException(String message) {
    super(message);
  }
}
