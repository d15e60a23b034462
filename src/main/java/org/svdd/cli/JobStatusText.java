package org.svdd.cli;

import java.util.Locale;
import org.svdd.api.proto.JobStatus;

/** One-line renderings of job statuses for the client commands. */
final class JobStatusText {
  private JobStatusText() {}

  static String header() {
    return String.format(Locale.ROOT, "%-36s %-10s %-11s %15s %9s %9s %9s  %-20s", "job", "state", "method",
        "particle-steps", "q10", "median", "q90", "submitted").stripTrailing();
  }

  static String line(JobStatus s) {
    String line = String.format(Locale.ROOT, "%-36s %-10s %-11s %7d/%-7d %s %s %s  %-20s", s.getJobId(),
        s.getState(), s.getSpec().getMethod(), s.getStepsDone(), s.getStepsTotal(), value(s, s.getValueQ10()),
        value(s, s.getValueMedian()), value(s, s.getValueQ90()),
        s.getSubmittedAtMs() > 0 ? instant(s.getSubmittedAtMs()) : "-").stripTrailing();
    if (!s.getSpec().getName().isEmpty()) {
      line += "  \"" + s.getSpec().getName() + "\"";
    }
    String said = s.getError().isEmpty() ? s.getNote() : s.getError();
    return said.isEmpty() ? line : line + "  " + said;
  }

  /** A value quantile, "-" before the job has any (no step done) or where none was recorded (NaN). */
  private static String value(JobStatus s, double v) {
    return s.getStepsDone() == 0 || Double.isNaN(v) ? String.format("%9s", "-") : String.format(Locale.ROOT, "%9.3f", v);
  }

  /**
   * One job's spec (one line of JSON, as {@code --spec} reads it, to run the job again), the model that runs it
   * (where recorded), the cluster node its coordinator runs on (once it has one), work (denoiser rows, oracle calls),
   * the oracle that scored each reward (once one has) and times, below its line.
   */
  static String details(JobStatus s) {
    String spec = "spec    " + ReadableJson.oneLine(s.getSpec());
    long cacheHits = Math.max(0, s.getDesignsScored() - s.getOracleCalls() - s.getEarlyOracleCalls()
        - s.getArchiveAnswers());
    String lastFailure = s.getDesignsFailed() > 0 && !s.getLastFailure().isEmpty()
        ? " (the last: " + s.getLastFailure() + ")" : "";
    String work = String.format(Locale.ROOT, "work    %d denoiser rows, %d designs scored, %d could not be%s%n"
        + "oracle  %d oracle calls%s (%.1f oracle-seconds), %d from the archive, %d cache hits", s.getDenoisedRows(),
        s.getDesignsScored(), s.getDesignsFailed(), lastFailure, s.getOracleCalls(), early(s), s.getOracleSeconds(),
        s.getArchiveAnswers(), cacheHits);
    StringBuilder time = new StringBuilder("time    submitted ").append(instant(s.getSubmittedAtMs()));
    if (s.getStartedAtMs() > 0) {
      time.append(", started ").append(instant(s.getStartedAtMs()));
    }
    double wall = wallSeconds(s);
    if (!Double.isNaN(wall)) {
      time.append(String.format(Locale.ROOT, ", ended %s after %.1f s", instant(s.getEndedAtMs()), wall));
    } else if (s.getEndedAtMs() > 0) {
      time.append(", ended ").append(instant(s.getEndedAtMs())).append(" before it started");
    }
    String node = s.getCoordinatorNode().isEmpty() ? "" : "node    " + s.getCoordinatorNode() + " (its coordinator)\n";
    String model = s.getModelDigest().isEmpty() ? "" : "model   " + s.getModelDigest() + " (the digest of its weights "
        + "and settings)\n";
    return spec + "\n" + model + node + work + "\n" + scorers(s) + time;
  }

  /** A line per reward the job's designs were scored for, naming the oracle that scored them (where recorded). */
  private static String scorers(JobStatus s) {
    StringBuilder lines = new StringBuilder();
    new java.util.TreeMap<>(s.getOraclesMap()).forEach((reward, oracle) -> lines.append("scorer  ")
        .append(reward.isEmpty() ? "(default)" : reward).append(": ").append(oracle).append('\n'));
    return lines.toString();
  }

  /** The calls of what valued earlier steps instead of the job's reward, counted apart: ", 972 by the value network". */
  private static String early(JobStatus s) {
    if (s.getSpec().getValueEstimator().equalsIgnoreCase("mc")) {
      return ", " + s.getEarlyOracleCalls() + " by the value network";
    }
    String early = s.getSpec().getEarlyValue().getReward();
    return early.isEmpty() ? "" : ", " + s.getEarlyOracleCalls() + " by the early reward " + early;
  }

  /** A job's time from its start to its end on the service, in seconds; NaN if either is not recorded. */
  static double wallSeconds(JobStatus status) {
    return status.getStartedAtMs() > 0 && status.getEndedAtMs() >= status.getStartedAtMs()
        ? (status.getEndedAtMs() - status.getStartedAtMs()) / 1000.0 : Double.NaN;
  }

  private static String instant(long epochMs) {
    return java.time.Instant.ofEpochMilli(epochMs).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
