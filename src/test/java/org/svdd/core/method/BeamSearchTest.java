package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * Beam search on KnownAnswerTest's enumerable model (2 symbols + pad over 3 positions: 27 outcomes, 64
 * partly masked states) and at the barrier.
 */
class BeamSearchTest {
  private static final double[][] P = {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 3);
  private final FactorizedDenoiserFake denoiser = new FactorizedDenoiserFake(P);

  private List<Sample> sample(SamplingPlan plan, TableOracleFake oracle) {
    return new SequentialSampler(diffusion, denoiser, oracle, 64).run(plan).samples();
  }

  private static TableOracleFake oracle() {
    return new TableOracleFake(KnownAnswerTest::reward);
  }

  private static List<Double> descending(List<Double> values) {
    List<Double> out = new ArrayList<>(values);
    out.sort(Comparator.reverseOrder());
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void fullWidth_findsEveryOutcome_andRanksThemAsExhaustiveSearchDoes(long seed) {
    // 64 particles hold every one of the 64 partly masked states: nothing is ever pruned
    List<Sample> beam = sample(SamplingPlan.of(Method.BEAM, 64, 32, 0, 3, seed), oracle());
    Set<Integer> found = new HashSet<>();
    for (Sample s : beam) {
      found.add(KnownAnswerTest.index(((TokenState) s.design()).tokens()));
    }
    assertEquals(27, found.size(), "every outcome is reached");
    List<Double> exhaustive = descending(IntStream.range(0, 27)
        .mapToObj(i -> KnownAnswerTest.reward(new int[] {i / 9, (i / 3) % 3, i % 3})).toList());
    List<Double> ranked = beam.stream().map(s -> s.reward().value()).toList();
    assertEquals(exhaustive, ranked.subList(0, 27), "particle i holds the i-th best distinct design");
    assertEquals(IntStream.range(27, 64).mapToObj(i -> ranked.get(i % 27)).toList(), ranked.subList(27, 64),
        "the rest repeat the best ones in order");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void widthOne_isGreedySvdd(long seed) {
    List<Sample> beam = sample(SamplingPlan.of(Method.BEAM, 1, 6, 0, 3, seed), oracle());
    List<Sample> greedy = sample(SamplingPlan.of(Method.SVDD, 1, 6, 0, 3, seed), oracle());
    assertEquals(greedy, beam);
  }

  @Test
  void aNarrowingBeam_spendsTheSameOracleBudget_andKeepsFewerLineages() {
    TableOracleFake constant = oracle();
    TableOracleFake narrowing = oracle();
    SamplingPlan wide = SamplingPlan.of(Method.BEAM, 16, 4, 0, 3, 5);
    List<Sample> a = sample(wide, constant);
    List<Sample> b = sample(wide.withBeam(new BeamSchedule(2)), narrowing);
    assertTrue(constant.designs() <= 3 * wide.oracleRequestsPerGuidedStep(), "scored " + constant.designs());
    assertTrue(narrowing.designs() <= 3 * wide.oracleRequestsPerGuidedStep(), "scored " + narrowing.designs());
    assertEquals(16, a.size());
    assertEquals(16, b.size());
  }

  @Test
  void schedule_narrowsGeometricallyToItsEndWidth_andTheFinalCutKeepsN() {
    BeamSchedule schedule = new BeamSchedule(2);
    assertEquals(List.of(16, 8, 4, 2, 16), IntStream.rangeClosed(1, 5).map(s -> schedule.width(s, 5, 16)).boxed().toList());
    assertEquals(List.of(16, 16, 16), IntStream.rangeClosed(1, 3).map(s -> BeamSchedule.CONSTANT.width(s, 3, 16)).boxed().toList());
  }

  @Test
  void barrier_keepsTheBestDistinctStates_sharedOutInRankOrder() {
    SamplingPlan plan = SamplingPlan.of(Method.BEAM, 4, 3, 0, 6, 1).withBeam(new BeamSchedule(2));
    // after step 5 of 6 the beam is 2 wide
    List<Trajectory> own = List.of(at(0, 7, 1.0), at(1, 8, 3.0), at(2, 9, 0.5), at(3, 7, 1.0));
    List<Trajectory> offered = List.of(at(0, 10, 2.0), at(2, 8, 3.0), at(3, 11, 2.5));
    List<Trajectory> next = PopulationStep.atBarrier(own, offered, plan, 5);
    assertEquals(List.of(0, 1, 2, 3), next.stream().map(Trajectory::particle).toList());
    // 8 (value 3, particle 1's own before particle 2's copy), then 11 (2.5); shared out in rank order
    assertEquals(List.of(8, 11, 8, 11), next.stream().map(t -> ((TokenState) t.state()).tokens()[0]).toList());
  }

  @Test
  void barrier_afterAnUnguidedStep_leavesThePopulationAlone() {
    SamplingPlan plan = SamplingPlan.of(Method.BEAM, 2, 3, 0, 6, 1).withGuidance(new GuidanceSchedule(1, 0.5));
    List<Trajectory> own = List.of(at(0, 7, 1.0), at(1, 8, 3.0));
    List<Trajectory> next = PopulationStep.atBarrier(own, List.of(), plan, 2);
    assertEquals(own, next);
  }

  private static Trajectory at(int particle, int token, double value) {
    return new Trajectory(particle, 3, new TokenState(new int[] {token}), null, value, 0, null);
  }
}
