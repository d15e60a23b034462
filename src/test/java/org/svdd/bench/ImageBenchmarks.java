package org.svdd.bench;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;
import org.svdd.oracle.JpegCompressibilityOracle;

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
    EngineSettings settings = EngineSettings.from(ConfigFactory.load()).withLimits(64, 256);
    RewardOracle jpeg = new JpegCompressibilityOracle(28, 28);
    WorkerStats stats = new WorkerStats();
    InterleavedPairs timed;
    try (DiffusionModel model = ModelFiles.load(HOME.resolve("models/fashion"));
        Denoiser loopDenoiser = model.newDenoiser(settings.microBatch());
        SamplingEngine service = SamplingEngine.start(new NodeDeps(model.process(),
            () -> model.newDenoiser(settings.microBatch()), jpeg, settings, stats), ConfigFactory.load())) {
      SamplingPlan eighth = SamplingPlan.of(Method.SVDD, 8, 4, 0, 20, 2);
      SamplingPlan whole = SamplingPlan.of(Method.SVDD, 64, 4, 0, 20, 3);
      timed = InterleavedPairs.run(new SequentialSampler(model.process(), loopDenoiser, jpeg, 64), service, stats,
          List.of(eighth, eighth, whole, whole), plan, Integer.getInteger("svdd.bench.pairs", 5));
    }
    String line = "| images: SVDD N=64 M=4 T=20, bundled fashion U-Net, JPEG reward, max batch 64, "
        + timed.columns(">= 0.95", "");
    System.out.println(line);
    Files.createDirectories(HOME.resolve("target"));
    Files.writeString(HOME.resolve("target/image-benchmarks.md"), line + "\n");
  }
}
