package org.svdd.api;

/** A client asked for more than its share (RESOURCE_EXHAUSTED at the edge). */
public final class LimitExceededException extends RuntimeException {
  public LimitExceededException(String message) {
    super(message);
  }
}
