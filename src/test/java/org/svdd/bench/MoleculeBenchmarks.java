package org.svdd.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.svdd.cluster.EngineSettings;
import org.svdd.cluster.NodeDeps;
import org.svdd.cluster.SamplingEngine;
import org.svdd.cluster.WorkerStats;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.method.GuidanceSchedule;
import org.svdd.core.method.Method;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.method.ValueEstimator;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.select.Resampler;
import org.svdd.model.DiffusionModel;
import org.svdd.model.ModelFiles;
import org.svdd.oracle.CachingOracle;
import org.svdd.oracle.RdkitOracle;
import org.svdd.oracle.VinaOracle;
import org.svdd.task.molecule.DockingTargets;
import org.svdd.task.molecule.MoleculeCodec;

/**
 * Docking-bound benchmarks on the bundled molecule model with the real AutoDock Vina on Abl kinase
 * (exhaustiveness 1). Run with {@code bin/bench -Dtest=MoleculeBenchmarks} (about 15 minutes on two
 * cores; {@code -Dsvdd.bench.steps=32} for the step count: over 90 minutes, the reference shape alone
 * about an hour); results are printed and appended to target/benchmarks.md.
 */
@Tag("benchmark")
class MoleculeBenchmarks {
  private static final Path HOME = Path.of(System.getProperty("svdd.home", "."));
  /**
   * Denoising steps: 8 unless {@code -Dsvdd.bench.steps} says (32 is the issue's own setting; more steps, more
   * children whose predicted molecule was docked before).
   */
  private static final int STEPS = Integer.getInteger("svdd.bench.steps", 8);
  /** How long one engine or cluster run may take before the benchmark gives up: {@code -Dsvdd.bench.limit-minutes}, 30. */
  private static final int LIMIT_MINUTES = Integer.getInteger("svdd.bench.limit-minutes", 30);
  /** SVDD N=4, M=4, guiding every step, as the reference code does: at most 16·T docks. */
  private static final SamplingPlan PLAN = new SamplingPlan(Method.SVDD, 4, 4, 0, STEPS, 5, ValueEstimator.PM, 4, 0.5,
      Resampler.SYSTEMATIC, GuidanceSchedule.EVERY_STEP);
  private static DiffusionModel model;
  private static MaskedDiffusion process;
  private static MoleculeCodec codec;
  private static VinaOracle.Target abl;
  private static Path receptors;

  @BeforeAll
  static void load() throws IOException {
    model = ModelFiles.load(HOME.resolve("models/molecules"));
    process = new MaskedDiffusion(model.vocabulary(), model.length());
    codec = new MoleculeCodec(model.vocabulary());
    receptors = Files.createTempDirectory("svdd-bench-receptors");
    abl = DockingTargets.prepare(DockingTargets.ABL, receptors, "obabel");
  }

  @AfterAll
  static void close() throws IOException {
    model.close();
    org.svdd.testing.TempTrees.delete(receptors);
  }

  /**
   * The engine's docking: {@code slots} slots, each Vina docking up to 8 queued ligands against one grid
   * ({@code -Dsvdd.bench.batch} says otherwise).
   */
  private static VinaOracle vina(int slots) {
    return vina(slots, Integer.getInteger("svdd.bench.batch", VinaOracle.Settings.defaults().batch()));
  }

  private static VinaOracle vina(int slots, int batch) {
    return new VinaOracle(codec, abl, new VinaOracle.Settings("vina", "obabel", slots, 1, 1, 42, Duration.ofMinutes(5), 1,
        batch),
        new RdkitOracle(codec, RdkitOracle.Score.QED, RdkitOracle.defaults()));
  }

  private static EngineSettings settings() {
    return EngineSettings.from(ConfigFactory.load()).withLimits(64, 64);
  }

  private static NodeDeps deps(RewardOracle oracle) {
    EngineSettings s = settings();
    // a coordinator sharing a request among reward nodes keeps two token strings of one molecule together
    return new NodeDeps(process, () -> model.newDenoiser(s.microBatch()),
        org.svdd.core.reward.RewardOracles.only(oracle), s, new WorkerStats(), org.svdd.core.method.Checkpoints.NONE,
        org.svdd.task.TaskOracles.designKeys(codec));
  }

  private static double engineSeconds(RewardOracle oracle) throws Exception {
    try (SamplingEngine engine = SamplingEngine.start(deps(oracle), ConfigFactory.load())) {
      long start = System.nanoTime();
      engine.run(PLAN, p -> {}).get(LIMIT_MINUTES, TimeUnit.MINUTES);
      return (System.nanoTime() - start) / 1e9;
    }
  }

  @Test
  void dockingPool_keepsEverySlotBusy() throws Exception {
    try (VinaOracle vina = vina(2)) {
      double wall = engineSeconds(new CachingOracle(vina, codec::text, org.svdd.core.reward.RewardArchive.NONE, 100_000));
      // the slots' own time: each dock's Vina seconds (its share of a run's grid included), not its preparation
      double ideal = vina.slotSeconds() / 2;
      report(String.format(Locale.ROOT,
          "| docking pool: SVDD N=4 M=4 T=" + STEPS + " every step guided, Vina on Abl, 2 slots | %d docks, mean %.2f s in Vina (%.2f s with preparation) | wall %.1f s | docks x mean in Vina / slots %.1f s | ratio %.2f (target <= 1.15) |",
          vina.docks(), vina.slotSeconds() / vina.docks(), vina.dockSeconds() / vina.docks(), wall, ideal, wall / ideal));
    }
  }

  /**
   * The same job through the engine and through the reference shape. {@code -Dsvdd.bench.engine-first=true} runs
   * the engine first: this machine's speed drifts over the hour a T = 32 pair takes, so the two orders bracket the ratio.
   */
  @Test
  void engine_versusSynchronousDockingThroughAFreshPoolEachStep() throws Exception {
    boolean engineFirst = Boolean.getBoolean("svdd.bench.engine-first");
    Side engine = engineFirst ? engineSide() : null;
    Side reference = referenceSide();
    if (!engineFirst) {
      engine = engineSide();
    }
    report(String.format(Locale.ROOT,
        "| vs the reference shape, T=" + STEPS + (engineFirst ? ", engine first" : "")
            + ": the same job, each step's candidates docked synchronously by a fresh 2-process pool, every candidate docked | reference %.1f s (%d docks, %d distinct, mean %.2f s, first docks %.2f s) | engine %.1f s (%d docks, mean %.2f s) | speed-up %.2f x (target >= 1.8) |",
        reference.wall, reference.docks, reference.distinct, reference.meanDock(), reference.meanFirstDock, engine.wall,
        engine.docks, engine.meanDock(), reference.wall / engine.wall));
  }

  /** One side's wall time, docks (distinct molecules among them), dock-seconds, and mean of each molecule's first dock. */
  private record Side(double wall, long docks, int distinct, double dockSeconds, double meanFirstDock) {
    double meanDock() {
      return dockSeconds / Math.max(1, docks);
    }
  }

  private static Side referenceSide() throws Exception {
    FreshPoolEachCall fresh = new FreshPoolEachCall();
    double wall;
    try (var denoiser = model.newDenoiser(settings().microBatch())) {
      long start = System.nanoTime();
      new SequentialSampler(process, denoiser, fresh, 64).scoringEveryCandidate().run(PLAN);
      wall = (System.nanoTime() - start) / 1e9;
    }
    Side side = new Side(wall, fresh.docks, fresh.firstDock.size(), fresh.dockSeconds, fresh.meanFirstDock());
    System.out.printf(Locale.ROOT,
        "reference shape, T=%d: %.1f s, %d docks (%d distinct molecules), mean dock %.2f s, of each molecule's first dock %.2f s%n",
        STEPS, wall, side.docks, side.distinct, side.meanDock(), side.meanFirstDock);
    return side;
  }

  private static Side engineSide() throws Exception {
    try (VinaOracle vina = vina(2)) {
      try {
        double wall = engineSeconds(new CachingOracle(vina, codec::text, org.svdd.core.reward.RewardArchive.NONE, 100_000));
        // the cache answers every repeat: each of the engine's docks is its molecule's first
        return new Side(wall, vina.docks(), (int) vina.docks(), vina.dockSeconds(), meanDock(vina));
      } finally {
        System.out.printf(Locale.ROOT, "engine, T=%d: %d docks so far, mean dock %.2f s%n", STEPS, vina.docks(),
            meanDock(vina));
      }
    }
  }

  private static double meanDock(VinaOracle vina) {
    return vina.dockSeconds() / Math.max(1, vina.docks());
  }

  @Test
  void rewardNodes_twoNodesOneSlotEachVersusOne() throws Exception {
    Ceiling ceiling = twoDockersCeiling();
    // one node before and after two: this machine's speed drifts by a fifth within the half hour this takes
    ClusterRun before = clusterRun(1);
    ClusterRun two = clusterRun(2);
    ClusterRun after = clusterRun(1);
    double speedUp = (before.seconds() + after.seconds()) / 2 / two.seconds();
    report(String.format(Locale.ROOT,
        "| reward nodes on loopback, one Vina slot each, same job | 1 node %s, and after %s | 2 nodes %s | speed-up %.2f x against the mean of the 1-node runs (target >= 1.8) | this machine's ceiling: two one-slot dockers at once vs one, no engine, %s; speed-up / ceiling %.2f |",
        before, after, two, speedUp, ceiling, speedUp / ceiling.speedUp()));
  }

  /** Drug-like molecules of about the size the bundled model makes. */
  private static final List<String> PROBES = List.of("CC(=O)Oc1ccccc1C(=O)O", "CC(C)Cc1ccc(cc1)C(C)C(=O)O",
      "CN1CCC[C@H]1c1cccnc1", "Cn1cnc2c1c(=O)n(C)c(=O)n2C", "CC(=O)Nc1ccc(O)cc1", "OC(=O)c1ccccc1O",
      "COc1ccc2[nH]cc(CCN)c2c1", "NC(=O)c1cccnc1");

  /**
   * What two reward nodes can gain on this machine at best: the same docks by two one-slot oracles at once
   * against one alone (its time the mean of a run before and after, as the machine drifts). Two cores shared by
   * two Vina processes and everything else run each slower than one Vina with a core to spare.
   */
  private static Ceiling twoDockersCeiling() {
    Docking before = dockAll(1);
    Docking pair = dockAll(2);
    Docking after = dockAll(1);
    return new Ceiling(2 * (before.seconds() + after.seconds()) / 2 / pair.seconds(), pair.cores(),
        (before.cores() + after.cores()) / 2);
  }

  /** Two one-slot dockers at once against one: the speed-up, and the cores their programs used, two and one. */
  private record Ceiling(double speedUp, double pairCores, double oneCores) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f x (programs' cores: %.2f for two, %.2f for one)", speedUp, pairCores,
          oneCores);
    }
  }

  /** A docking run's wall seconds, and its programs' CPU-seconds per wall second. */
  private record Docking(double seconds, double cores) {}

  /** {@code oracles} one-slot oracles docking every probe each, all at once. */
  private static Docking dockAll(int oracles) {
    List<VinaOracle> open = new ArrayList<>();
    double programs = Timing.reapedChildrenCpu();
    double seconds;
    try {
      for (int i = 0; i < oracles; i++) {
        open.add(vina(1));
      }
      long start = System.nanoTime();
      open.stream().flatMap(v -> PROBES.stream().map(v::dockAgain)).toList().forEach(java.util.concurrent.CompletableFuture::join);
      seconds = (System.nanoTime() - start) / 1e9;
    } finally {
      open.forEach(VinaOracle::close);
    }
    return new Docking(seconds, (Timing.reapedChildrenCpu() - programs) / seconds);
  }

  /**
   * A cluster run's wall time, per reward node the molecules it docked, its slot's busy seconds and its Vina runs,
   * and the CPU-seconds of the engine (this JVM, every node in it) and of the oracles' programs (Vina, Open Babel,
   * RDKit's workers) over the run: on a machine with fewer cores than programs plus engine, these say who had them.
   */
  private record ClusterRun(double seconds, List<Long> docks, List<Double> vinaSeconds, List<Long> runs,
      double engineCpu, double programsCpu) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.1f s", seconds));
      for (int i = 0; i < docks.size(); i++) {
        s.append(String.format(Locale.ROOT, "; node %d: %d docks in %d Vina runs, slot busy %.0f %%", i + 1, docks.get(i),
            runs.get(i), 100 * vinaSeconds.get(i) / seconds));
      }
      double slotSeconds = vinaSeconds.stream().mapToDouble(Double::doubleValue).sum();
      s.append(String.format(Locale.ROOT, "; CPU: engine %.0f s (%.2f cores), programs %.0f s (%.2f cores; %.2f per busy slot)",
          engineCpu, engineCpu / seconds, programsCpu, programsCpu / seconds, programsCpu / slotSeconds));
      return s.toString();
    }
  }

  /** A coordinator+denoiser node and {@code rewardNodes} reward nodes with one docking slot each. */
  private static ClusterRun clusterRun(int rewardNodes) throws Exception {
    double programs = Timing.reapedChildrenCpu();
    ClusterRun run = clusterRunOpen(rewardNodes);
    // the oracles are closed now, so every program they ran has ended and been reaped, its CPU counted
    return new ClusterRun(run.seconds(), run.docks(), run.vinaSeconds(), run.runs(), run.engineCpu(),
        Timing.reapedChildrenCpu() - programs);
  }

  /** {@link #clusterRun}, the programs' CPU not yet counted. */
  private static ClusterRun clusterRunOpen(int rewardNodes) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    List<VinaOracle> oracles = new ArrayList<>();
    // the reward nodes share a durable archive, as served nodes share the job store's: a molecule one node docked
    // is not docked again by another that is asked for it later (a fresh one per run, so no run answers another's)
    org.svdd.store.JdbcJobStore store = org.svdd.store.JdbcJobStore.open(
        "jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    open.add(store);
    SamplingEngine coordinator = SamplingEngine.start(deps(null), roles("api, coordinator, denoiser"));
    open.add(coordinator);
    try {
      for (int i = 0; i < rewardNodes; i++) {
        VinaOracle vina = vina(1);
        open.add(vina);
        oracles.add(vina);
        open.add(SamplingEngine.join(deps(new CachingOracle(vina, codec::text, store.rewardArchive(), 100_000)),
            roles("reward"), coordinator.address()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (coordinator.membersUp() < rewardNodes + 1 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      double engine = Timing.processCpu();
      long start = System.nanoTime();
      coordinator.run(PLAN, p -> {}).get(LIMIT_MINUTES, TimeUnit.MINUTES);
      return new ClusterRun((System.nanoTime() - start) / 1e9, oracles.stream().map(VinaOracle::docks).toList(),
          oracles.stream().map(VinaOracle::slotSeconds).toList(), oracles.stream().map(VinaOracle::vinaRuns).toList(),
          Timing.processCpu() - engine, 0);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static Config roles(String roles) {
    return ConfigFactory.parseString("svdd.roles = [" + roles + "]").withFallback(ConfigFactory.load());
  }

  /**
   * The reference code's shape: every call starts a new pool, docks every design it is given (the sampler gives it
   * each child's, repeats included, as the paper's code docks each candidate) with one Vina process each, and waits. Keeps the time of each
   * distinct molecule's first dock, so the two sides' mean dock times compare over the same molecules.
   */
  private static final class FreshPoolEachCall implements RewardOracle {
    long docks;
    double dockSeconds;
    final java.util.Map<String, Double> firstDock = new java.util.HashMap<>();

    @Override
    public CompletionStage<List<Reward>> score(List<State> designs) {
      try (VinaOracle pool = vina(2, 1)) {
        List<String> smiles = designs.stream().map(codec::text).toList();
        List<java.util.concurrent.CompletableFuture<VinaOracle.Dock>> calls = new ArrayList<>();
        for (String s : smiles) {
          calls.add(pool.dockAgain(s));
        }
        List<Reward> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
          VinaOracle.Dock dock = calls.get(i).join();
          firstDock.putIfAbsent(smiles.get(i), dock.seconds());
          out.add(dock.reward());
        }
        docks += pool.docks();
        dockSeconds += pool.dockSeconds();
        return java.util.concurrent.CompletableFuture.completedFuture(out);
      }
    }

    double meanFirstDock() {
      return firstDock.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
  }

  private static void report(String line) throws IOException {
    System.out.println(line);
    Path file = HOME.resolve("target/benchmarks.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
