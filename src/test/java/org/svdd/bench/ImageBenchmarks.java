package org.svdd.bench;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * The denoise-bound task: SVDD on the bundled fashion U-Net with the (cheap) JPEG reward, the actor
 * engine against the direct batched loop in interleaved pairs, each side warmed up on the same plan's
 * shape. Run with {@code bin/bench -Dtest=ImageBenchmarks}; writes target/image-benchmarks.md.
 */
@Tag("benchmark")
class ImageBenchmarks {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));

  @Test
  void engineVersusDirectBatchedLoop_onTheUNet() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 64, 4, 0, 20, 1);
    SamplingPlan warmUp = SamplingPlan.of(Method.SVDD, 8, 4, 0, 20, 2);
    int pairs = Integer.getInteger("svdd.bench.pairs", 5);
    EngineSettings settings = EngineSettings.from(ConfigFactory.load()).withLimits(64, 256);
    RewardOracle jpeg = new JpegCompressibilityOracle(28, 28);
    List<Timing> direct = new ArrayList<>();
    List<Timing> engine = new ArrayList<>();
    WorkerStats stats = new WorkerStats();
    try (DiffusionModel model = ModelFiles.load(HOME.resolve("models/fashion"))) {
      for (int pair = 0; pair < pairs; pair++) {
        for (int side = 0; side < 2; side++) {
          if ((side == 0) == (pair % 2 == 0)) {
            SequentialSampler sampler = new SequentialSampler(model.process(), model.newDenoiser(settings.microBatch()), jpeg, 64);
            sampler.run(warmUp);
            direct.add(Timing.of(() -> sampler.run(plan)));
          } else {
            try (SamplingEngine e = SamplingEngine.start(new NodeDeps(model.process(),
                () -> model.newDenoiser(settings.microBatch()), jpeg, settings, stats), ConfigFactory.load())) {
              e.run(warmUp, p -> {}).get(5, TimeUnit.MINUTES);
              stats.reset();
              engine.add(Timing.of(() -> e.run(plan, p -> {}).get(30, TimeUnit.MINUTES)));
            }
          }
        }
        System.out.printf(Locale.ROOT, "pair %d: direct %.2f s, engine %.2f s%n", pair + 1, direct.get(pair).wall(),
            engine.get(pair).wall());
      }
    }
    double[] ratios = new double[pairs];
    for (int pair = 0; pair < pairs; pair++) {
      ratios[pair] = direct.get(pair).wall() / engine.get(pair).wall();
    }
    double[] cpuDirect = direct.stream().mapToDouble(Timing::cpu).sorted().toArray();
    double[] cpuEngine = engine.stream().mapToDouble(Timing::cpu).sorted().toArray();
    String line = String.format(Locale.ROOT, "| images: SVDD N=64 M=4 T=20, bundled fashion U-Net, JPEG reward, max batch 64, "
        + "%d interleaved pairs | direct wall %s s | engine wall %s s | throughput ratio per pair (sorted) %s "
        + "(target >= 0.95) | CPU ratio of medians %.2f | micro-batch fill %.2f, %.1f rows per pass |", pairs,
        spread(direct.stream().mapToDouble(Timing::wall).toArray()), spread(engine.stream().mapToDouble(Timing::wall).toArray()),
        spread(ratios), cpuEngine[pairs / 2] / cpuDirect[pairs / 2], stats.batchFill(), stats.meanBatchRows());
    System.out.println(line);
    Files.createDirectories(HOME.resolve("target"));
    Files.writeString(HOME.resolve("target/image-benchmarks.md"), line + "\n");
  }

  private static String spread(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", v[0], v[v.length / 2], v[v.length - 1]);
  }
}
