package org.svdd.store;

import org.svdd.core.method.Checkpoints.Tally;

/**
 * A job as stored: its spec (the API's JSON form, opaque here), its state name, the failure reason if
 * any, when it was accepted, the client that submitted it ("" for anonymous), its progress as its api
 * node last recorded it, what it asked of its oracles (as of its latest checkpoint while it runs, as it ended
 * once it has), when it started running and ended (epoch ms; 0 before), how many samples it stored once finished
 * (-1 where the row does not say: not finished, or finished by a build that did not record it), and the digest of the
 * model that runs it ("" where the row does not say).
 */
public record StoredJob(String id, String spec, String state, String error, long submittedAtMs, String client,
    Progress progress, Tally tally, long startedAtMs, long endedAtMs, int samples, String modelDigest) {
  public StoredJob(String id, String spec, String state, String error, long submittedAtMs, String client) {
    this(id, spec, state, error, submittedAtMs, client, Progress.NONE, Tally.NONE, 0, 0, -1, "");
  }

  public StoredJob(String id, String spec, String state, String error, long submittedAtMs) {
    this(id, spec, state, error, submittedAtMs, "");
  }

  /** This job, run by the model of {@code digest}. */
  public StoredJob withModelDigest(String digest) {
    return new StoredJob(id, spec, state, error, submittedAtMs, client, progress, tally, startedAtMs, endedAtMs,
        samples, digest);
  }

  /**
   * Particle-steps done of the total, and the 0.1 quantile, median and 0.9 quantile of the particles' latest
   * values (their rewards once finished); NaN where none is recorded.
   */
  public record Progress(long stepsDone, long stepsTotal, double q10, double median, double q90) {
    public static final Progress NONE = new Progress(0, 0, Double.NaN, Double.NaN, Double.NaN);
  }

  /** How a job ended: its last progress, its tally, and when (epoch ms). */
  public record Ending(Progress progress, Tally tally, long atMs) {}
}
