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
}
