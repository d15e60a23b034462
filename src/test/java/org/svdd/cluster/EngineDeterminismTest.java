package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;
import org.svdd.core.method.SequentialSampler;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;
import org.svdd.testing.AbcModel;
import org.svdd.testing.ContextDenoiserFake;
import org.svdd.testing.ShapedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * The actor engine must return exactly the samples of the sequential reference (with a denoiser whose
 * logits depend on each row, so a row answered to the wrong particle shows), whatever the batch size
 * and whatever order requests reach the workers in (here: a reward oracle with random-ish latency).
 */
class EngineDeterminismTest {
  private static final double[][] P = AbcModel.rows(6);
  private final MaskedDiffusion process = AbcModel.process(6);

  static double reward(int[] x) {
    double r = 0;
    for (int i = 0; i < x.length; i++) {
      r += (x[i] * (i + 2)) % 5;
    }
    return r / 10;
  }

  private List<Sample> runEngine(SamplingPlan plan, int maxBatch, RewardOracle oracle) throws Exception {
    return runEngine(plan, maxBatch, org.svdd.core.reward.RewardOracles.only(oracle));
  }

  private List<Sample> runEngine(SamplingPlan plan, int maxBatch, RewardOracles oracles) throws Exception {
    return runEngine(plan, maxBatch, oracles, Duration.ofSeconds(30));
  }

  /**
   * Runs the plan on a one-node engine, waiting up to {@code timeout} for its samples. The node is all the cluster
   * there will be, so a score it cannot run fails its job after one more try a second later, without waiting for
   * another reward node ({@code another-worker-wait} 0; BrokenRewardNodeTest covers that wait).
   */
  private List<Sample> runEngine(SamplingPlan plan, int maxBatch, RewardOracles oracles,
      Duration timeout) throws Exception {
    EngineSettings settings = new EngineSettings(1, maxBatch, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30))
        .withAnotherWorkerWait(Duration.ZERO);
    NodeDeps deps = new NodeDeps(process, () -> new ContextDenoiserFake(P), oracles, settings,
        new WorkerStats());
    try (SamplingEngine engine = SamplingEngine.start(deps, ConfigFactory.load())) {
      return engine.run(plan, p -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Well inside the default wait for another reward node (10 s): a job that waited it would time out instead. */
  private static final Duration AT_ONCE = Duration.ofSeconds(8);

  @ParameterizedTest
  @EnumSource(Method.class)
  void engine_anyBatchSizeAndArrivalOrder_matchesTheSequentialReference(Method method) throws Exception {
    SamplingPlan plan = SamplingPlan.of(method, 12, 3, method == Method.SVDD ? 0.2 : 0.7, 5, 11);
    List<Sample> reference = new SequentialSampler(process, new ContextDenoiserFake(P),
        new TableOracleFake(EngineDeterminismTest::reward), 7).run(plan).samples();
    List<Sample> batchOne = runEngine(plan, 1, new JitteryOracleFake(EngineDeterminismTest::reward));
    List<Sample> batchMany = runEngine(plan, 64, new JitteryOracleFake(EngineDeterminismTest::reward));
    assertEquals(reference, batchOne);
    assertEquals(reference, batchMany);
  }

  /**
   * A denoiser with several shapes (outputs that change with the shape, as libtorch's do below sixteen
   * rows) runs each job in the shape its N·M names: jobs of 1, 2 and 9 rows per round, running at once on
   * one engine and sharing its passes, each give the reference's samples, which differ from those of the
   * largest shape.
   */
  @org.junit.jupiter.api.Test
  void engine_jobsOfDifferentSizesAtOnce_eachRunInItsOwnShape_matchTheSequentialReference() throws Exception {
    List<SamplingPlan> plans = List.of(SamplingPlan.of(Method.PRETRAINED, 1, 1, 0.5, 6, 3),
        SamplingPlan.of(Method.SVDD, 1, 2, 0.2, 6, 4), SamplingPlan.of(Method.SVDD, 3, 3, 0.2, 6, 5));
    EngineSettings settings = new EngineSettings(1, 64, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30));
    NodeDeps deps = new NodeDeps(process, () -> new ShapedDenoiserFake(P),
        org.svdd.core.reward.RewardOracles.only(new JitteryOracleFake(EngineDeterminismTest::reward)), settings,
        new WorkerStats());
    try (SamplingEngine engine = SamplingEngine.start(deps, ConfigFactory.load())) {
      List<java.util.concurrent.CompletableFuture<List<Sample>>> running = new java.util.ArrayList<>();
      for (SamplingPlan plan : plans) {
        running.add(engine.run(plan, p -> {}).toCompletableFuture());
      }
      for (int i = 0; i < plans.size(); i++) {
        List<Sample> reference = new SequentialSampler(process, new ShapedDenoiserFake(P),
            new TableOracleFake(EngineDeterminismTest::reward), 7).run(plans.get(i)).samples();
        assertEquals(reference, running.get(i).get(30, TimeUnit.SECONDS), "job " + i);
        if (i < 2) {
          List<Sample> inLargestShape = new SequentialSampler(process, new LargestShapeOnly(P),
              new TableOracleFake(EngineDeterminismTest::reward), 7).run(plans.get(i)).samples();
          assertNotEquals(reference, inLargestShape, "job " + i + "'s shape changes its samples");
        }
      }
    }
  }

  /** The shaped fake with every job run in its largest shape. */
  private static final class LargestShapeOnly implements org.svdd.core.diffusion.Denoiser {
    private final ShapedDenoiserFake shaped;

    LargestShapeOnly(double[][] p) {
      shaped = new ShapedDenoiserFake(p);
    }

    @Override
    public float[][] predict(List<org.svdd.core.diffusion.DenoiseInput> inputs) {
      return shaped.predict(inputs, ShapedDenoiserFake.LARGEST);
    }
  }

  /**
   * Back-pressure changes timing only: with queues bounded to a single request, workers turn most
   * requests away (busy) and particles ask again after a back-off, and the samples are unchanged.
   */
  @ParameterizedTest
  @EnumSource(value = Method.class, names = {"SVDD", "SMC"})
  void engine_tinyWorkerQueues_backPressure_matchesTheSequentialReference(Method method) throws Exception {
    SamplingPlan plan = SamplingPlan.of(method, 12, 3, 0.5, 4, 5);
    List<Sample> reference = new SequentialSampler(process, new ContextDenoiserFake(P),
        new TableOracleFake(EngineDeterminismTest::reward), 7).run(plan).samples();
    EngineSettings settings = new EngineSettings(1, 4, Duration.ofMillis(1), 4, 3, 10_000, Duration.ofSeconds(30), 0,
        Duration.ofSeconds(3), 0.1, 1, 1);
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    NodeDeps deps = new NodeDeps(process, () -> new ContextDenoiserFake(P),
        org.svdd.core.reward.RewardOracles.only(new JitteryOracleFake(EngineDeterminismTest::reward)), settings,
        new WorkerStats(meters));
    try (SamplingEngine engine = SamplingEngine.start(deps, ConfigFactory.load())) {
      assertEquals(reference, engine.run(plan, p -> {}).get(60, TimeUnit.SECONDS));
    }
    double busy = meters.find("svdd.worker.busy").counters().stream().mapToDouble(c -> c.count()).sum();
    assertTrue(busy > 0, "the workers turned requests away");
  }

  /** Adaptive candidates' second round and carried budget give the reference's samples through the actors. */
  @org.junit.jupiter.api.Test
  void engine_adaptiveCandidates_matchTheSequentialReference() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 12, 6, 0.2, 5, 11)
        .withAdaptive(new org.svdd.core.method.AdaptiveCandidates(2));
    List<Sample> reference = new SequentialSampler(process, new ContextDenoiserFake(P),
        new TableOracleFake(EngineDeterminismTest::reward), 7).run(plan).samples();
    assertEquals(reference, runEngine(plan, 1, new JitteryOracleFake(EngineDeterminismTest::reward)));
    assertEquals(reference, runEngine(plan, 64, new JitteryOracleFake(EngineDeterminismTest::reward)));
  }

  /** SMC's progress reports its weights' ESS, its resamplings and the designs scored, for the dashboard. */
  @org.junit.jupiter.api.Test
  void smcProgress_reportsEssResamplingsAndDesignsScored() throws Exception {
    SamplingPlan plan = new SamplingPlan(Method.SMC, 12, 1, 0.3, 5, 2, org.svdd.core.method.ValueEstimator.PM, 4, 1.0,
        org.svdd.core.select.Resampler.SYSTEMATIC, org.svdd.core.method.GuidanceSchedule.EVERY_STEP);
    List<JobCoordinator.Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    EngineSettings settings = new EngineSettings(1, 8, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30));
    NodeDeps deps = new NodeDeps(process, () -> new ContextDenoiserFake(P),
        org.svdd.core.reward.RewardOracles.only(new TableOracleFake(EngineDeterminismTest::reward)), settings, new WorkerStats());
    try (SamplingEngine engine = SamplingEngine.start(deps, ConfigFactory.load())) {
      engine.run(plan, seen::add).get(30, TimeUnit.SECONDS);
    }
    JobCoordinator.Progress last = seen.get(seen.size() - 1);
    assertTrue(last.ess() > 0 && last.ess() <= 12, "ESS " + last.ess());
    assertTrue(last.resamplings() >= 1, "with an ESS threshold of 1 the population is resampled: " + last);
    assertTrue(last.spent().designsScored() >= 12 * 4, "every particle's child is scored at every step before the last: " + last);
    assertEquals(0, last.spent().designsFailed());
    assertEquals(last.spent().designsScored(), last.spent().oracleCalls(), "an oracle without a cache is called for every design");
  }

  /** FK steering's lineage potentials carry through the actors' barrier exactly as in the reference. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"max", "sum"})
  void engine_fkPotentials_matchTheSequentialReference(String potential) throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.FK, 12, 1, 0.7, 5, 11)
        .withPotential(org.svdd.core.method.Potential.parse(potential));
    List<Sample> reference = new SequentialSampler(process, new ContextDenoiserFake(P),
        new TableOracleFake(EngineDeterminismTest::reward), 7).run(plan).samples();
    assertEquals(reference, runEngine(plan, 4, new JitteryOracleFake(EngineDeterminismTest::reward)));
  }

  /** SVDD-MC through the actors: noisy children go to the value network, final samples to the reward. */
  @org.junit.jupiter.api.Test
  void engine_valueNetworkSteps_matchTheSequentialReference() throws Exception {
    SamplingPlan plan = new SamplingPlan(Method.SVDD, 8, 3, 0.5, 6, 4, org.svdd.core.method.ValueEstimator.MC, 4, 0.5,
        org.svdd.core.select.Resampler.SYSTEMATIC, org.svdd.core.method.GuidanceSchedule.EVERY_STEP,
        org.svdd.core.method.RewardSchedule.of("main"));
    String value = org.svdd.core.method.ValueEstimator.valueNetworkOf("main");
    java.util.function.Function<Boolean, org.svdd.core.reward.RewardOracles> oracles = jittery -> {
      RewardOracle main = jittery ? new JitteryOracleFake(EngineDeterminismTest::reward)
          : new TableOracleFake(EngineDeterminismTest::reward);
      RewardOracle net = jittery ? new JitteryOracleFake(x -> x[0]) : new TableOracleFake(x -> x[0]);
      return name -> {
        if (name.equals("main")) {
          return main;
        }
        if (name.equals(value)) {
          return net;
        }
        throw new IllegalArgumentException("no reward " + name);
      };
    };
    List<Sample> reference = new SequentialSampler(process, new ContextDenoiserFake(P), oracles.apply(false), 7)
        .run(plan).samples();
    assertEquals(reference, runEngine(plan, 4, oracles.apply(true)));
    for (Sample s : reference) {
      assertEquals(reward(((org.svdd.core.diffusion.TokenState) s.design()).tokens()), s.reward().value(), 1e-12);
    }
  }

  /** A job valued by a cheap reward early and its own late: each request reaches the oracle it names. */
  @ParameterizedTest
  @EnumSource(value = Method.class, names = {"SVDD", "SMC"})
  void engine_earlyReward_matchesTheSequentialReference(Method method) throws Exception {
    SamplingPlan plan = SamplingPlan.of(method, 8, 3, 0.5, 6, 4)
        .withRewards(new org.svdd.core.method.RewardSchedule("main", "cheap", 0.5));
    java.util.function.Function<Boolean, org.svdd.core.reward.RewardOracles> oracles = jittery -> {
      RewardOracle main = jittery ? new JitteryOracleFake(EngineDeterminismTest::reward)
          : new TableOracleFake(EngineDeterminismTest::reward);
      RewardOracle cheap = jittery ? new JitteryOracleFake(x -> -x[0]) : new TableOracleFake(x -> -x[0]);
      return name -> switch (name) {
        case "main" -> main;
        case "cheap" -> cheap;
        default -> throw new IllegalArgumentException("no reward " + name);
      };
    };
    List<Sample> reference = new SequentialSampler(process, new ContextDenoiserFake(P), oracles.apply(false), 7)
        .run(plan).samples();
    assertEquals(reference, runEngine(plan, 4, oracles.apply(true)));
    for (Sample s : reference) {
      assertEquals(reward(((org.svdd.core.diffusion.TokenState) s.design()).tokens()), s.reward().value(), 1e-12);
    }
  }

  @Test
  void engine_rewardTheNodeDoesNotScore_failsTheJobNamingIt() {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 2, 2, 0, 3, 1).withRewards(
        org.svdd.core.method.RewardSchedule.of("vina-parp1"));
    org.svdd.core.reward.RewardOracles none = name -> {
      throw new IllegalArgumentException("reward '" + name + "' is not scored by this service");
    };
    ExecutionException e = assertThrows(ExecutionException.class, () -> runEngine(plan, 8, none, AT_ONCE));
    assertTrue(e.getCause().getMessage().contains("reward 'vina-parp1' is not scored by this service"),
        e.getCause().getMessage());
  }

  @Test
  void engine_failingOracle_failsTheJobWithTheReason() {
    RewardOracle broken = designs -> java.util.concurrent.CompletableFuture.failedFuture(
        new IllegalStateException("RNAfold crashed"));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> runEngine(SamplingPlan.of(Method.SVDD, 4, 2, 0, 3, 1), 8, RewardOracles.only(broken), AT_ONCE));
    assertTrue(e.getCause().getMessage().contains("RNAfold crashed"), e.getCause().getMessage());
  }
}
