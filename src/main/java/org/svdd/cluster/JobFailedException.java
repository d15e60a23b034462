package org.svdd.cluster;

/** A job ended in failure; the message is the coordinator's reason. */
public final class JobFailedException extends RuntimeException {
  public JobFailedException(String reason) {
    super(reason);
  }
}
