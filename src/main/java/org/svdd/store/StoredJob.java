package org.svdd.store;

/**
 * A job as stored: its spec (the API's JSON form, opaque here), its state name, the failure reason if
 * any, when it was accepted, the client that submitted it ("" for anonymous), and its progress as its api
 * node last recorded it (particle-steps done of the total; 0 of 0 before any).
 */
public record StoredJob(String id, String spec, String state, String error, long submittedAtMs, String client,
    long stepsDone, long stepsTotal) {
  public StoredJob(String id, String spec, String state, String error, long submittedAtMs, String client) {
    this(id, spec, state, error, submittedAtMs, client, 0, 0);
  }

  public StoredJob(String id, String spec, String state, String error, long submittedAtMs) {
    this(id, spec, state, error, submittedAtMs, "");
  }
}
