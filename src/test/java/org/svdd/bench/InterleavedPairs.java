package org.svdd.bench;

import static org.svdd.bench.Spreads.median;
import static org.svdd.bench.Spreads.spread;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;

/**
 * The engine against the direct batched loop on one plan, in interleaved pairs (which side goes first alternates).
 * Both sides live as long as the benchmark, as a server's engine does: built by the caller, warmed up here on the
 * same plans, then timed; wall and process CPU of each run, printed per pair.
 */
final class InterleavedPairs {
  private final List<Timing> direct = new ArrayList<>();
  private final List<Timing> engine = new ArrayList<>();
  private final List<Double> ratios = new ArrayList<>();
  private final double designs;
  private final WorkerStats stats;

  private InterleavedPairs(double designs, WorkerStats stats) {
    this.designs = designs;
    this.stats = stats;
  }

  /** Warms both sides on {@code warmUps}, resets {@code stats} (the engine's), then times {@code pairs} pairs. */
  static InterleavedPairs run(SequentialSampler loop, SamplingEngine service, WorkerStats stats,
      List<SamplingPlan> warmUps, SamplingPlan plan, int pairs) throws Exception {
    for (SamplingPlan warm : warmUps) {
      loop.run(warm);
      service.run(warm, p -> {}).get(5, TimeUnit.MINUTES);
    }
    stats.reset();
    InterleavedPairs timed = new InterleavedPairs(plan.trajectories(), stats);
    for (int pair = 0; pair < pairs; pair++) {
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == (pair % 2 == 0)) {
          timed.direct.add(Timing.of(() -> loop.run(plan)));
        } else {
          timed.engine.add(Timing.of(() -> service.run(plan, p -> {}).get(30, TimeUnit.MINUTES)));
        }
      }
      Timing d = timed.direct.get(pair);
      Timing e = timed.engine.get(pair);
      timed.ratios.add(d.wall() / e.wall());
      System.out.printf(Locale.ROOT, "pair %d: direct %.2f s, %.1f ms CPU/design (JIT %.1f); engine %.2f s, %.1f ms "
          + "CPU/design (JIT %.1f)%n", pair + 1, d.wall(), timed.perDesign(d.cpu()), timed.perDesign(d.jitCpu()),
          e.wall(), timed.perDesign(e.cpu()), timed.perDesign(e.jitCpu()));
    }
    return timed;
  }

  private double perDesign(double cpuSeconds) {
    return 1e3 * cpuSeconds / designs;
  }

  /**
   * The report's columns: each side's wall and CPU per design (min / median / max, with and without the JIT
   * compiler's share), the throughput ratio per pair and the CPU ratio of medians with their targets, the batch fill.
   */
  String columns(String ratioTarget, String cpuTarget) {
    return String.format(Locale.ROOT, "%d interleaved pairs | direct: wall %s s, CPU %s ms/design (without JIT %s) | "
        + "engine: wall %s s, CPU %s ms/design (without JIT %s) | throughput ratio per pair %s (target %s) | CPU ratio "
        + "of medians %.2f, without JIT %.2f%s | micro-batch fill %.2f, %.1f rows per pass |", ratios.size(),
        spread(direct, Timing::wall, 1), spread(direct, Timing::cpu, 1e3 / designs),
        spread(direct, Timing::cpuWithoutJit, 1e3 / designs), spread(engine, Timing::wall, 1),
        spread(engine, Timing::cpu, 1e3 / designs), spread(engine, Timing::cpuWithoutJit, 1e3 / designs),
        spread(ratios, r -> r, 1), ratioTarget, median(engine, Timing::cpu) / median(direct, Timing::cpu),
        median(engine, Timing::cpuWithoutJit) / median(direct, Timing::cpuWithoutJit),
        cpuTarget.isEmpty() ? "" : " (target " + cpuTarget + ")", stats.batchFill(), stats.meanBatchRows());
  }
}
