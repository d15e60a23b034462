package org.svdd.api;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** A running job's meters: progress (0..1) and seconds per particle-step between progress reports. */
final class ProgressMeters {
  private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong(1);
  private final Gauge gauge;
  private final DistributionSummary stepSeconds;
  private final MeterRegistry meters;
  private long lastNanos = System.nanoTime();

  ProgressMeters(MeterRegistry meters, String id) {
    this.meters = meters;
    gauge = Gauge.builder("svdd.job.progress", this, m -> (double) m.done.get() / m.total.get())
        .description("fraction of a job's particle-steps done").tag("job", id).register(meters);
    stepSeconds = DistributionSummary.builder("svdd.job.step.seconds")
        .description("wall seconds per particle-step of a job").tag("job", id).register(meters);
  }

  synchronized void update(long stepsDone, long stepsTotal) {
    long now = System.nanoTime();
    long steps = stepsDone - done.get();
    if (steps > 0) {
      stepSeconds.record((now - lastNanos) / 1e9 / steps);
    }
    lastNanos = now;
    done.set(stepsDone);
    total.set(Math.max(1, stepsTotal));
  }

  void remove() {
    meters.remove(gauge);
    meters.remove(stepSeconds);
  }
}
