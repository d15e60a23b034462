package org.svdd.store;

/**
 * A job as stored: its spec (the API's JSON form, opaque here), its state name, the failure reason if
 * any, when it was accepted, and the client that submitted it ("" for anonymous).
 */
public record StoredJob(String id, String spec, String state, String error, long submittedAtMs, String client) {
  public StoredJob(String id, String spec, String state, String error, long submittedAtMs) {
    this(id, spec, state, error, submittedAtMs, "");
  }
}
