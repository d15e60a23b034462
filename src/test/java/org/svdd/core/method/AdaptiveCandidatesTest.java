package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.DenoiseInput;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.core.reward.Reward;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/** Adaptive candidates: M per guided step as a budget, spent where the probes' values spread. */
class AdaptiveCandidatesTest {
  private static final double[][] P = {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 3);
  private final FactorizedDenoiserFake denoiser = new FactorizedDenoiserFake(P);

  @ParameterizedTest
  @CsvSource({
      // spread, left, guided left → children
      "0, 40, 10, 2", // flat: the probes only
      "0.5, 40, 10, 4", // the fair share of what is left
      "0.5, 36, 4, 9", // savings of flat steps raise the fair share of later ones
      "0.5, 40, 1, 40", // the last guided step may spend all that is left
      "0.5, 21, 10, 2", // never less than the probes
      "0.5, 3, 1, 3"})
  void children_followTheSpreadAndTheBudgetLeft(double spread, int left, int guidedLeft, int expected) {
    assertEquals(expected, new AdaptiveCandidates(2).children(spread, left, guidedLeft));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void probeEqualToM_isPlainSvdd(long seed) {
    SamplingPlan svdd = SamplingPlan.of(Method.SVDD, 16, 4, 0.3, 3, seed);
    assertEquals(run(svdd, new TableOracleFake(KnownAnswerTest::reward)),
        run(svdd.withAdaptive(new AdaptiveCandidates(4)), new TableOracleFake(KnownAnswerTest::reward)));
  }

  @Test
  void aFlatReward_spendsOnlyTheProbes() {
    TableOracleFake flat = new TableOracleFake(x -> 1.0);
    TableOracleFake flatSvdd = new TableOracleFake(x -> 1.0);
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 32, 8, 0, 3, 7);
    run(plan.withAdaptive(new AdaptiveCandidates(2)), flat);
    run(plan, flatSvdd);
    assertTrue(flat.designs() <= 32L * 2 * 3, "at most the probes' designs: " + flat.designs());
    assertTrue(flatSvdd.designs() > flat.designs(), flatSvdd.designs() + " vs " + flat.designs());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void noParticle_drawsMoreThanItsBudget_andSpreadStepsDrawMore(long seed) {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 1, 4, 0, 3, seed).withAdaptive(new AdaptiveCandidates(2));
    Trajectory t = Trajectory.start(0, diffusion.prior(RandomStream.of(seed, Purpose.PRIOR, 0)));
    TableOracleFake oracle = new TableOracleFake(KnownAnswerTest::reward);
    for (int step = 0; step < plan.steps(); step++) {
      ParticleStep machine = new ParticleStep(plan, diffusion, t);
      ParticleStep.Need need = machine.start();
      int requests = 0;
      while (!(need instanceof ParticleStep.Done)) {
        if (need instanceof ParticleStep.Predict p) {
          need = machine.onPredictions(denoiser.predict(p.states().stream().map(s -> new DenoiseInput(s, p.time())).toList()));
        } else {
          List<State> designs = ((ParticleStep.Score) need).designs();
          requests++;
          need = machine.onRewards(oracle.score(designs).toCompletableFuture().join());
        }
      }
      Trajectory next = ((ParticleStep.Done) need).next();
      int drawn = next.spent() - t.spent();
      assertTrue(drawn >= 2, "at least the probes: " + drawn);
      assertTrue(requests <= 2, "the probes' request, then at most one more");
      t = next;
    }
    assertTrue(t.spent() <= 4 * 3, "spent " + t.spent() + " of a budget of 12");
  }

  @Test
  void aSecondRound_isAskedForOnlyWhenTheProbesDisagree() {
    // one particle whose probes both reveal position 0 (T = 1: every position is revealed at once)
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 1, 6, 0, 1, 3).withAdaptive(new AdaptiveCandidates(2));
    ParticleStep machine = new ParticleStep(plan, diffusion,
        Trajectory.start(0, diffusion.prior(RandomStream.of(3, Purpose.PRIOR, 0))));
    ParticleStep.Need need = machine.start();
    need = machine.onPredictions(denoiser.predict(((ParticleStep.Predict) need).states().stream()
        .map(s -> new DenoiseInput(s, 1.0)).toList()));
    ParticleStep.Score probes = assertInstanceOf(ParticleStep.Score.class, need);
    assertEquals(2, probes.designs().size(), "this seed's two probes differ");
    List<Reward> different = probes.designs().stream().map(d -> new Reward(probes.designs().indexOf(d), "")).toList();
    ParticleStep.Score more = assertInstanceOf(ParticleStep.Score.class, machine.onRewards(different),
        "values that differ ask for more children");
    assertTrue(more.designs().stream().noneMatch(probes.designs()::contains), "designs already scored are not asked again");
    Trajectory next = ((ParticleStep.Done) machine.onRewards(more.designs().stream().map(x -> new Reward(-1, "")).toList()))
        .next();
    assertEquals(6, next.spent(), "the only guided step may spend the whole budget");
    assertEquals(1.0, next.value(), "the best probe, valued 1, beats every later child, valued -1");
  }

  @Test
  void probesThatAgree_endTheStep() {
    SamplingPlan plan = SamplingPlan.of(Method.SVDD, 1, 6, 0, 1, 3).withAdaptive(new AdaptiveCandidates(2));
    ParticleStep machine = new ParticleStep(plan, diffusion,
        Trajectory.start(0, diffusion.prior(RandomStream.of(3, Purpose.PRIOR, 0))));
    ParticleStep.Need need = machine.onPredictions(denoiser.predict(((ParticleStep.Predict) machine.start()).states()
        .stream().map(s -> new DenoiseInput(s, 1.0)).toList()));
    List<State> designs = ((ParticleStep.Score) need).designs();
    ParticleStep.Done done = assertInstanceOf(ParticleStep.Done.class,
        machine.onRewards(designs.stream().map(d -> new Reward(2.5, "")).toList()));
    assertEquals(2, done.next().spent());
  }

  private List<Sample> run(SamplingPlan plan, TableOracleFake oracle) {
    return new SequentialSampler(diffusion, denoiser, oracle, 64).run(plan).samples();
  }
}
