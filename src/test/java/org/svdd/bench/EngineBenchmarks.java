package org.svdd.bench;

import static org.svdd.bench.Spreads.median;
import static org.svdd.bench.Spreads.spread;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;
import org.svdd.oracle.CachingOracle;
import org.svdd.oracle.RnaFoldOracle;
import org.svdd.oracle.SimulatedLatencyOracle;

/**
 * Benchmarks of the engine against the reference loop's shape, on the bundled model. Run with
 * {@code bin/bench}; results are printed and appended to target/benchmarks.md. Not part of the test suite.
 */
@Tag("benchmark")
class EngineBenchmarks {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));
  private static DiffusionModel model;
  private static MaskedDiffusion process;
  private static final StringBuilder REPORT = new StringBuilder();

  @BeforeAll
  static void load() {
    model = ModelFiles.load(HOME.resolve("models/trna"));
    process = new MaskedDiffusion(model.vocabulary(), model.length());
  }

  @AfterAll
  static void close() throws IOException {
    model.close();
    Files.createDirectories(HOME.resolve("target"));
    Files.writeString(HOME.resolve("target/benchmarks.md"), REPORT.toString());
    System.out.println(REPORT);
  }

  private static void report(String line) {
    REPORT.append(line).append('\n');
    System.out.println(line);
  }

  private static EngineSettings settings(int maxBatch, int maxInFlight) {
    EngineSettings defaults = EngineSettings.from(ConfigFactory.load());
    return defaults.withLimits(maxBatch, maxInFlight);
  }

  private static Timing engineTiming(SamplingPlan plan, RewardOracle oracle, EngineSettings settings, WorkerStats stats)
      throws Exception {
    Supplier<Denoiser> denoisers = () -> model.newDenoiser(settings.microBatch());
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(process, denoisers, oracle, settings, stats),
        ConfigFactory.load())) {
      engine.run(warmUp(plan), p -> {}).get(5, TimeUnit.MINUTES);
      stats.reset();
      return Timing.of(() -> engine.run(plan, p -> {}).get(30, TimeUnit.MINUTES));
    }
  }

  /** The plan's method and shape on an eighth of its particles: warms up the code paths it will take. */
  private static SamplingPlan warmUp(SamplingPlan plan) {
    return SamplingPlan.of(plan.method(), Math.max(1, plan.particles() / 8), plan.candidates(), plan.alpha(),
        plan.steps(), plan.seed() + 1);
  }

  private static Timing sequentialTiming(SamplingPlan plan, RewardOracle oracle, int maxBatch) {
    SequentialSampler sampler = new SequentialSampler(process,
        model.newDenoiser(EngineSettings.from(ConfigFactory.load()).microBatch()), oracle, maxBatch);
    sampler.run(warmUp(plan));
    return Timing.of(() -> sampler.run(plan));
  }

  /** A cheap deterministic reward (GC fraction) so that the denoiser dominates. */
  static final class GcContentOracle implements RewardOracle {
    @Override
    public CompletionStage<List<Reward>> score(List<State> designs) {
      List<Reward> out = new ArrayList<>();
      for (State s : designs) {
        String seq = model.vocabulary().decode((org.svdd.core.diffusion.TokenState) s);
        long gc = seq.chars().filter(c -> c == 'G' || c == 'C').count();
        out.add(new Reward(seq.isEmpty() ? 0 : (double) gc / seq.length(), ""));
      }
      return CompletableFuture.completedFuture(out);
    }
  }

  /** The research code's shape: one design at a time, waiting for each. */
  static final class OneAtATimeOracle implements RewardOracle {
    private final RewardOracle delegate;

    OneAtATimeOracle(RewardOracle delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletionStage<List<Reward>> score(List<State> designs) {
      List<Reward> out = new ArrayList<>();
      for (State d : designs) {
        out.add(delegate.score(List.of(d)).toCompletableFuture().join().get(0));
      }
      return CompletableFuture.completedFuture(out);
    }
  }

  /**
   * Engine against the direct loop in interleaved pairs (the order alternating), so that a noisy
   * neighbour hits both sides alike; both sides are built and warmed up once and live through every
   * pair, as a server's engine does (an idle engine's timers and heartbeats are in both sides' CPU).
   * Reports min / median / max of wall time and of process CPU-seconds per design (with and without
   * the JIT compiler's share), and the engine's throughput ratio per pair.
   * Pairs: {@code -Dsvdd.bench.pairs} (default 5).
   */
  @Test
  void actorOverhead_engineVersusDirectBatchedLoop() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 64, 4, 0, 32, 1);
    WorkerStats stats = new WorkerStats();
    EngineSettings settings = settings(64, 256);
    GcContentOracle oracle = new GcContentOracle();
    InterleavedPairs timed;
    try (Denoiser loopDenoiser = model.newDenoiser(settings.microBatch());
        SamplingEngine service = SamplingEngine.start(new NodeDeps(process,
        () -> model.newDenoiser(settings.microBatch()), oracle, settings, stats), ConfigFactory.load())) {
      // warm, as a server is after its first jobs: the JIT compiler done with both paths before timing starts
      SamplingPlan whole = SamplingPlan.of(plan.method(), plan.particles(), plan.candidates(), plan.alpha(), plan.steps(),
          plan.seed() + 2);
      timed = InterleavedPairs.run(new SequentialSampler(process, loopDenoiser, oracle, 64), service, stats,
          List.of(warmUp(plan), warmUp(plan), whole, whole), plan, Integer.getInteger("svdd.bench.pairs", 5));
    }
    report("| actor overhead: SVDD N=64 M=4 T=32, bundled model, in-process GC reward, max batch 64, "
        + timed.columns(">= 0.95 each", "<= 1.1"));
  }


  /**
   * Many jobs, one denoiser: short jobs (SVDD N=16 M=4 T=32) run one after another beside a long one
   * (N=512), on one engine; each short job's wall time against its time alone, and the pool's rows per
   * second with and without them.
   */
  @Test
  void manyJobs_shortJobsBesideALongOne() throws Exception {
    EngineSettings settings = settings(64, 256);
    WorkerStats stats = new WorkerStats();
    GcContentOracle oracle = new GcContentOracle();
    Supplier<Denoiser> denoisers = () -> model.newDenoiser(settings.microBatch());
    SamplingPlan longJob = SamplingPlan.of(Method.SVDD, 512, 4, 0, 32, 100);
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(process, denoisers, oracle, settings, stats),
        ConfigFactory.load())) {
      engine.run(warmUp(longJob), p -> {}).get(5, TimeUnit.MINUTES);
      List<Double> alone = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        alone.add(Timing.of(() -> engine.run(SamplingPlan.of(Method.SVDD, 16, 4, 0, 32, 1), p -> {}).get()).wall());
      }
      stats.reset();
      Timing longAlone = Timing.of(() -> engine.run(longJob, p -> {}).get());
      double rowsPerSecondAlone = stats.rows() / longAlone.wall();
      stats.reset();
      long start = System.nanoTime();
      CompletableFuture<List<org.svdd.core.method.Sample>> running = engine.run(longJob, p -> {});
      List<Double> beside = new ArrayList<>();
      for (int i = 0; !running.isDone() && i < 40; i++) {
        long seed = 2 + i;
        double wall = Timing.of(() -> engine.run(SamplingPlan.of(Method.SVDD, 16, 4, 0, 32, seed), p -> {}).get()).wall();
        if (!running.isDone()) {
          beside.add(wall);
        }
      }
      running.get(30, TimeUnit.MINUTES);
      double longBeside = (System.nanoTime() - start) / 1e9;
      double aloneMedian = median(alone, a -> a);
      List<Double> slowdowns = beside.stream().map(b -> b / aloneMedian).sorted().toList();
      double p95 = slowdowns.isEmpty() ? Double.NaN : slowdowns.get((int) Math.ceil(0.95 * slowdowns.size()) - 1);
      report(String.format(Locale.ROOT,
          "| many jobs, one denoiser: short SVDD N=16 M=4 T=32 jobs one after another beside a long N=512 job, in-process GC reward "
              + "| short job alone %.2f s (median of 3); long job alone %.1f s, %.0f rows/s "
              + "| %d short jobs beside it: slowdown min / median / p95 %s / %.2f (target p95 <= 3); long job %.1f s with them, pool %.0f rows/s |",
          aloneMedian, longAlone.wall(), rowsPerSecondAlone, slowdowns.size(),
          slowdowns.isEmpty() ? "n/a" : spread(slowdowns, x -> x, 1).replaceFirst(" / [^/]+$", ""), p95, longBeside,
          stats.rows() / longBeside));
    }
  }

  @Test
  void latencyHiding_slowOracleEngineVersusSynchronousLoop() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 16, 4, 0, 8, 2);
    try (SimulatedLatencyOracle sync = new SimulatedLatencyOracle(Duration.ofMillis(20), 16, 2);
        SimulatedLatencyOracle async = new SimulatedLatencyOracle(Duration.ofMillis(20), 16, 2)) {
      double synchronous = sequentialTiming(plan, new OneAtATimeOracle(sync), 64).wall();
      double engine = engineTiming(plan, async, settings(64, 16), new WorkerStats()).wall();
      report(String.format(Locale.ROOT,
          "| latency hiding: SVDD N=16 M=4 T=8, oracle 20 ms/call, 16 concurrent | synchronous loop %.2f s (%d calls) | engine %.2f s (%d calls, max %d in flight) | speed-up %.1f x |",
          synchronous, sync.calls(), engine, async.calls(), async.maxInFlight(), synchronous / engine));
    }
  }

  @Test
  void batchFillDedupAndMemory_svddN64M10WithRnaFold() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 64, 10, 0, 32, 3);
    WorkerStats stats = new WorkerStats();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    try (RnaFoldOracle rnafold = new RnaFoldOracle(model.vocabulary(), RnaFoldOracle.defaults())) {
      CachingOracle cache = new CachingOracle(rnafold, 1_000_000);
      double seconds = engineTiming(plan, cache, settings(64, 64), stats).wall();
      long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      report(String.format(Locale.ROOT,
          "| SVDD N=64 M=10 T=32 with RNAfold (%d processes) | %.1f s | micro-batch fill %.2f, %.1f rows per pass (%d rows) | designs %d, RNAfold calls %d, saved by dedup+cache %.1f%% | peak heap %d MB, peak RSS %s |",
          RnaFoldOracle.defaults().processes(), seconds, stats.batchFill(), stats.meanBatchRows(), stats.rows(),
          cache.stats().requested(), cache.stats().delegated(), 100 * cache.stats().savedFraction(), heapPeak >> 20,
          peakRss()));
    }
  }

  private static String peakRss() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
        .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("n/a");
  }
}
