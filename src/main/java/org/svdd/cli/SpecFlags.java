package org.svdd.cli;

import java.util.Map;

/**
 * The command-line flag of each nested job-spec field, for errors: the spec's checks name the field, as the gRPC
 * API and spec files know it ("guidance.every must be between 1 and 4096"); on the command line the flag comes
 * first ("--guide-every: guidance.every must be ...").
 */
final class SpecFlags {
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("name", "--name"),
      Map.entry("candidates", "--candidates"),
      Map.entry("guidance.every", "--guide-every"),
      Map.entry("guidance.last_fraction", "--guide-last"),
      Map.entry("budget.max_oracle_requests", "--budget"),
      Map.entry("budget.max_denoiser_rows", "--row-budget"),
      Map.entry("budget.max_oracle_seconds", "--oracle-seconds"),
      Map.entry("early_value.reward", "--early-reward"),
      Map.entry("early_value.late_fraction", "--late-fraction"),
      Map.entry("alpha", "--alpha"),
      Map.entry("rollouts", "--rollouts"),
      Map.entry("ess_threshold", "--ess-threshold"),
      Map.entry("resampler", "--resampler"),
      Map.entry("replacement.fraction", "--replace-fraction"),
      Map.entry("replacement.every", "--replace-every"),
      Map.entry("beam.end_width", "--beam-end-width"),
      Map.entry("adaptive.probe", "--adaptive-probe"),
      Map.entry("limits.max_batch", "--max-batch"),
      Map.entry("limits.max_in_flight", "--max-in-flight"));

  private SpecFlags() {}

  /** {@code message} after the flag of the spec field it starts with, if any. */
  static String named(String message) {
    for (Map.Entry<String, String> e : FLAGS.entrySet()) {
      if (message.startsWith(e.getKey() + " ")) {
        return e.getValue() + ": " + message;
      }
    }
    return message;
  }
}
