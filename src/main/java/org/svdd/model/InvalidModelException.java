package org.svdd.model;

/** A model directory or file that cannot be used; the message names the file and the problem. */
public final class InvalidModelException extends RuntimeException {
  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
