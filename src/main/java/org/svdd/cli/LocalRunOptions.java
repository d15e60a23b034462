package org.svdd.cli;

import java.nio.file.Path;
import org.svdd.api.proto.JobSpec;
import picocli.CommandLine.Option;

/**
 * The job-spec flags of {@code sample} alone: the model and the batch limits, which a service fixes for every job it
 * runs (its {@code submit} would refuse them), so {@code submit} does not offer them.
 */
final class LocalRunOptions {
  @Option(names = "--model", description = "Model directory (default: the task's bundled model).")
  Path model;

  @Option(names = "--max-batch", description = "Rows per forward pass at most (default: svdd.denoise.max-batch).")
  Integer maxBatch;

  @Option(names = "--max-in-flight", description = "Designs at the oracle at once at most (default: svdd.reward.max-in-flight).")
  Integer maxInFlight;

  /** {@code spec} with these flags over it. */
  JobSpec over(JobSpec spec) {
    JobSpec.Builder b = spec.toBuilder();
    if (model != null) {
      b.setModel(model.toString());
    }
    if (maxBatch != null) {
      b.getLimitsBuilder().setMaxBatch(maxBatch);
    }
    if (maxInFlight != null) {
      b.getLimitsBuilder().setMaxInFlight(maxInFlight);
    }
    return b.build();
  }
}
