package org.svdd.store;

import org.svdd.core.method.Checkpoints.Tally;

/**
 * A job as stored: its spec (the API's JSON form, opaque here), its state name, the failure reason if
 * any, when it was accepted, the client that submitted it ("" for anonymous), its progress as its api
 * node last recorded it (particle-steps done of the total; 0 of 0 before any), what it asked of its oracles
 * (as of its latest checkpoint while it runs, as it ended once it has), and when it started running and
 * ended (epoch ms; 0 before).
 */
public record StoredJob(String id, String spec, String state, String error, long submittedAtMs, String client,
    long stepsDone, long stepsTotal, Tally tally, long startedAtMs, long endedAtMs) {
  public StoredJob(String id, String spec, String state, String error, long submittedAtMs, String client) {
    this(id, spec, state, error, submittedAtMs, client, 0, 0, Tally.NONE, 0, 0);
  }

  public StoredJob(String id, String spec, String state, String error, long submittedAtMs) {
    this(id, spec, state, error, submittedAtMs, "");
  }
}
