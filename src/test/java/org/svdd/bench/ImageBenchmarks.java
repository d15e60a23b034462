package org.svdd.bench;

import static org.svdd.bench.Spreads.median;
import static org.svdd.bench.Spreads.spread;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;
import org.svdd.oracle.JpegCompressibilityOracle;
import org.svdd.core.diffusion.Denoiser;

/**
 * The denoise-bound task: SVDD on the bundled fashion U-Net with the (cheap) JPEG reward, the actor engine against
 * the direct batched loop in interleaved pairs. Both sides live as long as the benchmark, as a server's engine does:
 * built and warmed up once (two eighth-size runs and two whole ones each), then timed. Run with
 * {@code bin/bench -o -Dtest=ImageBenchmarks}; writes target/image-benchmarks.md.
 */
@Tag("benchmark")
class ImageBenchmarks {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));

  @Test
  void engineVersusDirectBatchedLoop_onTheUNet() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 64, 4, 0, 20, 1);
    int pairs = Integer.getInteger("svdd.bench.pairs", 5);
    double designs = plan.trajectories();
    EngineSettings settings = EngineSettings.from(ConfigFactory.load()).withLimits(64, 256);
    RewardOracle jpeg = new JpegCompressibilityOracle(28, 28);
    List<Timing> direct = new ArrayList<>();
    List<Timing> engine = new ArrayList<>();
    WorkerStats stats = new WorkerStats();
    try (DiffusionModel model = ModelFiles.load(HOME.resolve("models/fashion"));
        Denoiser loopDenoiser = model.newDenoiser(settings.microBatch());
        SamplingEngine service = SamplingEngine.start(new NodeDeps(model.process(),
            () -> model.newDenoiser(settings.microBatch()), jpeg, settings, stats), ConfigFactory.load())) {
      SequentialSampler loop = new SequentialSampler(model.process(), loopDenoiser, jpeg, 64);
      SamplingPlan eighth = SamplingPlan.of(Method.SVDD, 8, 4, 0, 20, 2);
      SamplingPlan whole = SamplingPlan.of(Method.SVDD, 64, 4, 0, 20, 3);
      for (SamplingPlan warm : List.of(eighth, eighth, whole, whole)) {
        loop.run(warm);
        service.run(warm, p -> {}).get(5, TimeUnit.MINUTES);
      }
      stats.reset();
      for (int pair = 0; pair < pairs; pair++) {
        for (int side = 0; side < 2; side++) {
          if ((side == 0) == (pair % 2 == 0)) {
            direct.add(Timing.of(() -> loop.run(plan)));
          } else {
            engine.add(Timing.of(() -> service.run(plan, p -> {}).get(30, TimeUnit.MINUTES)));
          }
        }
        Timing d = direct.get(pair);
        Timing e = engine.get(pair);
        System.out.printf(Locale.ROOT, "pair %d: direct %.2f s, %.1f ms CPU/design (JIT %.1f); engine %.2f s, %.1f ms "
            + "CPU/design (JIT %.1f)%n", pair + 1, d.wall(), 1e3 * d.cpu() / designs, 1e3 * d.jitCpu() / designs,
            e.wall(), 1e3 * e.cpu() / designs, 1e3 * e.jitCpu() / designs);
      }
    }
    List<Double> ratios = new ArrayList<>();
    for (int pair = 0; pair < pairs; pair++) {
      ratios.add(direct.get(pair).wall() / engine.get(pair).wall());
    }
    String line = String.format(Locale.ROOT, "| images: SVDD N=64 M=4 T=20, bundled fashion U-Net, JPEG reward, max "
        + "batch 64, %d interleaved pairs | direct: wall %s s, CPU %s ms/design (without JIT %s) | engine: wall %s s, "
        + "CPU %s ms/design (without JIT %s) | throughput ratio per pair %s (target >= 0.95) | CPU ratio of medians "
        + "%.2f, without JIT %.2f | micro-batch fill %.2f, %.1f rows per pass |", pairs,
        spread(direct, Timing::wall, 1), spread(direct, Timing::cpu, 1e3 / designs),
        spread(direct, Timing::cpuWithoutJit, 1e3 / designs), spread(engine, Timing::wall, 1),
        spread(engine, Timing::cpu, 1e3 / designs), spread(engine, Timing::cpuWithoutJit, 1e3 / designs),
        spread(ratios, r -> r, 1), median(engine, Timing::cpu) / median(direct, Timing::cpu),
        median(engine, Timing::cpuWithoutJit) / median(direct, Timing::cpuWithoutJit), stats.batchFill(),
        stats.meanBatchRows());
    System.out.println(line);
    Files.createDirectories(HOME.resolve("target"));
    Files.writeString(HOME.resolve("target/image-benchmarks.md"), line + "\n");
  }
}
