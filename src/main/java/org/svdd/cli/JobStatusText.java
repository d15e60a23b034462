package org.svdd.cli;

import java.util.Locale;
import org.svdd.api.proto.JobStatus;

/** One-line renderings of job statuses for the client commands. */
final class JobStatusText {
  private JobStatusText() {}

  static String header() {
    return String.format(Locale.ROOT, "%-36s %-10s %-11s %15s %9s %9s %9s", "job", "state", "method", "particle-steps",
        "q10", "median", "q90");
  }

  static String line(JobStatus s) {
    String line = String.format(Locale.ROOT, "%-36s %-10s %-11s %7d/%-7d %9.3f %9.3f %9.3f", s.getJobId(),
        s.getState(), s.getSpec().getMethod(), s.getStepsDone(), s.getStepsTotal(), s.getValueQ10(),
        s.getValueMedian(), s.getValueQ90());
    String said = s.getError().isEmpty() ? s.getNote() : s.getError();
    return said.isEmpty() ? line : line + "  " + said;
  }

  /** One job's oracle work and times, below its line. */
  static String details(JobStatus s) {
    long cacheHits = Math.max(0, s.getDesignsScored() - s.getOracleCalls() - s.getArchiveAnswers());
    String oracle = String.format(Locale.ROOT, "oracle  %d designs scored, %d could not be: %d oracle calls "
        + "(%.1f oracle-seconds), %d from the archive, %d cache hits", s.getDesignsScored(), s.getDesignsFailed(),
        s.getOracleCalls(), s.getOracleSeconds(), s.getArchiveAnswers(), cacheHits);
    StringBuilder time = new StringBuilder("time    submitted ").append(instant(s.getSubmittedAtMs()));
    if (s.getStartedAtMs() > 0) {
      time.append(", started ").append(instant(s.getStartedAtMs()));
    }
    double wall = ResultsCommand.wallSeconds(s);
    if (!Double.isNaN(wall)) {
      time.append(String.format(Locale.ROOT, ", ended %s after %.1f s", instant(s.getEndedAtMs()), wall));
    }
    return oracle + "\n" + time;
  }

  private static String instant(long epochMs) {
    return java.time.Instant.ofEpochMilli(epochMs).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
