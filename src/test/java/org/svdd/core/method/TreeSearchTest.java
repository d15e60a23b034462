package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/** Tree search: its reward bookkeeping on a tree small enough to check by hand, and search on KnownAnswerTest's model. */
class TreeSearchTest {
  private static final double[][] P = {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}};
  private final MaskedDiffusion diffusion = new MaskedDiffusion(Vocabulary.ofCharacters("AB"), 3);
  private final FactorizedDenoiserFake denoiser = new FactorizedDenoiserFake(P);

  private static TokenState s(int... tokens) {
    return new TokenState(tokens);
  }

  /** Two steps; root → a → {a1 (reward 1), a2 (reward 3)}, root → b → b1 (reward 2). */
  private static SearchTree handMade(double alpha) {
    SamplingPlan plan = SamplingPlan.of(Method.TREE, 2, 2, alpha, 2, 1);
    SearchTree tree = new SearchTree(plan, s(9));
    tree.add(tree.root(), List.of(s(1), s(11)), new Reward(1, ""));
    tree.add(tree.root(), List.of(s(2), s(21)), new Reward(2, ""));
    SearchTree.Node a = tree.root().children().get(0);
    tree.add(a, List.of(s(12)), new Reward(3, ""));
    return tree;
  }

  @Test
  void backup_atAlphaZero_isTheMaxBelowEveryNode() {
    SearchTree tree = handMade(0);
    assertEquals(6, tree.size());
    SearchTree.Node a = tree.root().children().get(0);
    assertEquals(3, a.value());
    assertEquals(2, tree.root().children().get(1).value());
    assertEquals(3, tree.root().value());
  }

  @Test
  void backup_atPositiveAlpha_isTheSoftBellmanValue() {
    double alpha = 0.5;
    SearchTree tree = handMade(alpha);
    double a = alpha * Math.log((Math.exp(1 / alpha) + Math.exp(3 / alpha)) / 2);
    assertEquals(a, tree.root().children().get(0).value(), 1e-12);
    assertEquals(alpha * Math.log((Math.exp(a / alpha) + Math.exp(2 / alpha)) / 2), tree.root().value(), 1e-12);
  }

  @Test
  void aFailedLeaf_hasNoValue_andIsNeverPreferred() {
    SamplingPlan plan = SamplingPlan.of(Method.TREE, 2, 2, 0, 1, 1);
    SearchTree tree = new SearchTree(plan, s(9));
    tree.add(tree.root(), List.of(s(1)), Reward.failed("RNAfold crashed"));
    assertTrue(Double.isNaN(tree.root().value()));
    tree.add(tree.root(), List.of(s(2)), new Reward(-5, ""));
    assertEquals(-5, tree.root().value());
    assertEquals(List.of(s(2), s(2)), tree.samples(2).stream().map(Sample::design).toList());
  }

  @Test
  void starts_firstAllAtTheRoot_thenDownTheBestBranch_spreadByWidening() {
    SearchTree tree = handMade(0);
    // a node one step from clean always draws: the root has 2 children and 3 visits so far (none counted yet)
    List<SearchTree.Node> starts = tree.starts(0, 4);
    SearchTree.Node a = tree.root().children().get(0);
    // root: visits 1 → ceil(sqrt 1) = 1 ≤ 2 children: descend to a (value 3), a is one step from clean: start there
    assertSame(a, starts.get(0));
    assertTrue(starts.stream().allMatch(n -> n == a || n == tree.root()), "starts stay on the best branch or widen the root");
    assertEquals(4, tree.root().visits());
  }

  @Test
  void samples_atAlphaZero_areTheBestDistinctLeavesInOrder() {
    SearchTree tree = handMade(0);
    assertEquals(List.of(3.0, 2.0, 1.0, 3.0), tree.samples(4).stream().map(x -> x.reward().value()).toList());
  }

  @Test
  void aPathOfTheWrongLength_isRefused() {
    SearchTree tree = handMade(0);
    assertThrows(IllegalArgumentException.class, () -> tree.add(tree.root(), List.of(s(3)), new Reward(0, "")));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void search_findsTheBestOutcome_withOneOracleCallPerRollout(long seed) {
    TableOracleFake oracle = new TableOracleFake(KnownAnswerTest::reward);
    SamplingPlan plan = SamplingPlan.of(Method.TREE, 8, 16, 0, 3, seed);
    List<Sample> samples = new SequentialSampler(diffusion, denoiser, oracle, 64).run(plan).samples();
    double best = IntStream.range(0, 27).mapToDouble(i -> KnownAnswerTest.reward(new int[] {i / 9, (i / 3) % 3, i % 3}))
        .max().orElseThrow();
    assertEquals(best, samples.get(0).reward().value());
    assertEquals(8, samples.size());
    assertTrue(oracle.designs() <= 8 * 16, "one call per rollout at most: " + oracle.designs());
  }

  /** DTS's sampling mode: descents by soft value from a tree of many rollouts approach p_pre · exp(r / alpha). */
  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7})
  void sampling_atPositiveAlpha_movesTowardTheTiltedDistribution(long seed) {
    double alpha = 1.5;
    double[] target = KnownAnswerTest.tilted(alpha);
    double pretrained = KnownAnswerTest.totalVariation(target, new SequentialSampler(diffusion, denoiser,
        new TableOracleFake(KnownAnswerTest::reward), 64).run(SamplingPlan.of(Method.PRETRAINED, 2048, 1, 1, 3, seed)).samples());
    double tree = KnownAnswerTest.totalVariation(target, new SequentialSampler(diffusion, denoiser,
        new TableOracleFake(KnownAnswerTest::reward), 64).run(SamplingPlan.of(Method.TREE, 2048, 8, alpha, 3, seed)).samples());
    assertTrue(tree < pretrained / 2, "TV to the tilted target: tree " + tree + ", pre-trained " + pretrained);
  }
}
