package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.method.Method;
import org.svdd.core.method.Sample;
import org.svdd.core.method.Spend;
import org.svdd.core.method.SamplingPlan;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.MeteredOracleFake;

/** A job's oracle-seconds budget: once spent, the job changes course as its method allows, ends cleanly and says so. */
class OracleSecondsBudgetTest {
  private static final int LENGTH = 8;
  /** Reward: how many A's; one oracle-second per design. */
  private static final double SECONDS_PER_DESIGN = 1.0;

  /** A job's progress reports and its ending. */
  private record Run(List<JobCoordinator.Progress> progress, JobCoordinator.Event end, long designsScored) {
    JobCoordinator.Progress last() {
      return progress.get(progress.size() - 1);
    }

    String note() {
      return progress.stream().map(JobCoordinator.Progress::note).filter(n -> !n.isEmpty()).findFirst().orElse("");
    }
  }

  private static Run run(SamplingPlan plan) throws Exception {
    return run(plan, org.svdd.core.method.Checkpoints.NONE);
  }

  private static Run run(SamplingPlan plan, org.svdd.core.method.Checkpoints checkpoints) throws Exception {
    double[][] p = new double[LENGTH][];
    Arrays.fill(p, new double[] {0.3, 0.3, 0.3, 0.1});
    MeteredOracleFake oracle = new MeteredOracleFake(x -> Arrays.stream(x).filter(c -> c == 0).count(), SECONDS_PER_DESIGN);
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 64, 10_000, Duration.ofSeconds(30));
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(
        AbcModel.process(LENGTH), () -> new FactorizedDenoiserFake(p),
        oracle, settings, new WorkerStats(), checkpoints), ConfigFactory.load())) {
      HeardJob heard = HeardJob.run(engine, plan);
      return new Run(heard.progress(), heard.end(), oracle.designs());
    }
  }

  private static List<Sample> samples(Run run) {
    return assertInstanceOf(JobCoordinator.Finished.class, run.end(), "the job ends cleanly: " + run.end()).samples();
  }

  @Test
  void svdd_onceTheBudgetIsSpent_guidesNoFurtherStepYetScoresEveryFinalDesign() throws Exception {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 4, 4, 0, LENGTH, 3);
    Run free = run(plan);
    Run capped = run(plan.withOracleSeconds(20));
    assertEquals("", free.note(), "a job without a budget changes nothing");
    assertEquals(free.designsScored() * SECONDS_PER_DESIGN, free.last().spent().oracleSeconds(), 1e-9,
        "the job counts the oracle-seconds its oracle reported");
    List<Sample> samples = samples(capped);
    assertEquals(4, samples.size());
    samples.forEach(s -> assertTrue(s.reward() != null && !s.reward().failed(), "every final design is scored"));
    samples.forEach(s -> assertTrue(Arrays.stream(((TokenState) s.design()).tokens()).noneMatch(t -> t == Vocabulary.ofCharacters("ABC").mask()),
        "every design is clean"));
    assertTrue(capped.note().startsWith("oracle budget spent: ") && capped.note().contains("guidance stopped at step"),
        capped.note());
    // spent at 20; what particles asked before they heard is timing (the next test pins it down)
    assertTrue(capped.designsScored() >= 20 && capped.designsScored() < free.designsScored(),
        capped.designsScored() + " vs " + free.designsScored() + " without a budget");
    assertEquals(capped.designsScored() * SECONDS_PER_DESIGN, capped.last().spent().oracleSeconds(), 1e-9);
  }

  @Test
  void svdd_aGuidedStepUnderWayWhenTheBudgetIsSpent_isWithdrawnAndTakenAgainUnguided() throws Exception {
    org.svdd.testing.HeldOracleFake held = new org.svdd.testing.HeldOracleFake();
    org.svdd.core.reward.RewardOracle metered = new org.svdd.core.reward.RewardOracle() {
      @Override
      public java.util.concurrent.CompletionStage<List<org.svdd.core.reward.Reward>> score(
          List<org.svdd.core.diffusion.State> designs) {
        return held.score(designs);
      }

      @Override
      public java.util.concurrent.CompletionStage<Scoring> scoreCounting(List<org.svdd.core.diffusion.State> designs) {
        return org.svdd.core.reward.Scorings.counted(held.score(designs).toCompletableFuture(), r -> designs.size(),
            () -> designs.size());
      }
    };
    double[][] p = new double[LENGTH][];
    Arrays.fill(p, new double[] {0.3, 0.3, 0.3, 0.1});
    EngineSettings settings = new EngineSettings(1, 16, Duration.ofMillis(1), 4, 64, 10_000, Duration.ofSeconds(30));
    try (SamplingEngine engine = SamplingEngine.start(new NodeDeps(
        AbcModel.process(LENGTH), () -> new FactorizedDenoiserFake(p), metered, settings,
        new WorkerStats()), ConfigFactory.load())) {
      CompletableFuture<JobCoordinator.Event> end = new CompletableFuture<>();
      engine.submit("job", SamplingPlan.of(Method.SVDD, 2, 3, 0, 4, 3).withOracleSeconds(1), e -> {
        if (!(e instanceof JobCoordinator.Progress)) {
          end.complete(e);
        }
      });
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (held.calls().size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(2, held.calls().size(), "both particles value their first step's children");
      held.calls().get(0).answerAll(1); // one particle's step done: its oracle-seconds spend the budget
      // from now on only single designs (a final design, or a step whose children share one) are answered: a
      // guided step asked for before a particle heard of the budget is never answered, so the job can only end
      // if every such step is withdrawn and taken again unguided
      while (!end.isDone() && System.nanoTime() < deadline) {
        held.calls().stream().skip(1).filter(c -> c.designs().size() == 1).forEach(c -> c.answerAll(1));
        Thread.sleep(5);
      }
      List<Sample> samples = assertInstanceOf(JobCoordinator.Finished.class, end.get(1, TimeUnit.SECONDS)).samples();
      assertEquals(2, samples.size());
      samples.forEach(s -> assertTrue(s.reward() != null && !s.reward().failed()));
      assertTrue(held.calls().get(1).answer().isCancelled(), "the other particle's guided step was withdrawn at the oracle");
      held.calls().stream().skip(1).filter(c -> c.designs().size() > 1).forEach(c -> assertTrue(c.answer().isCancelled(),
          "a guided step under way when the budget was spent is withdrawn: " + c.designs()));
    }
  }

  @Test
  void svdd_resumedAfterItsBudgetWasSpent_guidesNothingAgainAndCountsOn() throws Exception {
    String note = "oracle budget spent: 21.0 of 20.0 oracle-seconds after 21 oracle calls; guidance stopped at step 3 of 8";
    org.svdd.core.method.Checkpoints spentBefore = new org.svdd.core.method.Checkpoints() {
      @Override
      public void save(String jobId, List<org.svdd.core.method.Trajectory> trajectories, Tally tally) {}

      @Override
      public java.util.Map<Integer, org.svdd.core.method.Trajectory> latest(String jobId) {
        return java.util.Map.of();
      }

      @Override
      public Tally tally(String jobId) {
        return new Tally(new Spend(200, 30, 1, 21, 0, 9, 21, "RNAfold exited with 139"), note);
      }
    };
    Run resumed = run(SamplingPlan.of(Method.SVDD, 4, 4, 0, LENGTH, 3).withOracleSeconds(20), spentBefore);
    assertEquals(4, samples(resumed).size());
    assertEquals(4, resumed.designsScored(), "only the four final designs are scored: no step is guided again");
    assertEquals(21 + 4 * SECONDS_PER_DESIGN, resumed.last().spent().oracleSeconds(), 1e-9, "counting on from what was spent");
    assertEquals(note, resumed.note());
    assertEquals(30 + 4, resumed.last().spent().designsScored(), "the job's counts go on from its tally");
    assertEquals(21 + 4, resumed.last().spent().oracleCalls());
    assertEquals(1, resumed.last().spent().designsFailed());
    assertEquals("RNAfold exited with 139", resumed.last().spent().lastFailure(), "why the design failed, though it failed before");
    assertEquals(9, resumed.last().spent().archiveAnswers());
    assertTrue(resumed.last().spent().denoisedRows() > 200, "rows counted on from 200: " + resumed.last().spent().denoisedRows());
  }

  @Test
  void tree_onceTheBudgetIsSpent_startsNoNewRound() throws Exception {
    // 4 rollouts a round, one design each: 6 oracle-seconds are spent during round 2, the last one run
    Run capped = run(SamplingPlan.of(Method.TREE, 4, 6, 0, LENGTH, 3).withOracleSeconds(6));
    List<Sample> samples = samples(capped);
    assertEquals(4, samples.size());
    samples.forEach(s -> assertTrue(s.reward() != null && !s.reward().failed()));
    assertEquals(8, capped.designsScored(), "two rounds of four rollouts, not six");
    assertTrue(capped.note().contains("no rollout round after round 2 of 6"), capped.note());
  }

  @Test
  void bestOfN_onceTheBudgetIsSpent_keepsTheBestOfTheDesignsScored() throws Exception {
    Run capped = run(SamplingPlan.of(Method.BEST_OF_N, 2, 16, 0, LENGTH, 3).withOracleSeconds(5));
    List<Sample> samples = samples(capped);
    assertEquals(2, samples.size());
    samples.forEach(s -> assertTrue(s.reward() != null && !s.reward().failed()));
    assertTrue(capped.note().contains("designs scored so far are kept"), capped.note());
    assertNotNull(capped.last());
  }
}
