package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;

/** A round of tree search joins the tree once, when its last rollout finishes, the same whichever finished first. */
class SearchRoundTest {
  private static final SamplingPlan PLAN = SamplingPlan.of(Method.TREE, 2, 2, 0, 2, 1);

  private static Trajectory at(int particle, int step, int token, double reward) {
    return new Trajectory(particle, step, new TokenState(new int[] {token}), null, 0, 0,
        step == PLAN.steps() ? new Reward(reward, "") : null);
  }

  /** Steps both rollouts of round 0 to the end, rollout {@code first} first; says when the round ended. */
  private static List<Boolean> run(SearchTree tree, int first) {
    SearchRound round = new SearchRound(tree, 0);
    assertEquals(List.of(0, 1), round.rollouts().stream().map(Trajectory::particle).toList());
    int second = 1 - first;
    return List.of(round.step(at(first, 1, 10 + first, 0)), round.step(at(first, 2, 20 + first, 5 + first)),
        round.step(at(second, 1, 10 + second, 0)), round.step(at(second, 2, 20 + second, 5 + second)));
  }

  @Test
  void theRoundEndsOnItsLastRolloutsLastStep_andOnlyThenJoinsTheTree() {
    SearchTree tree = new SearchTree(PLAN, new TokenState(new int[] {9}));
    assertEquals(List.of(false, false, false, true), run(tree, 0));
    assertEquals(5, tree.size(), "the root and two paths of two states");
    assertEquals(6, tree.root().value(), "the best reward backed up to the root at alpha 0");
  }

  @Test
  void theTree_doesNotDependOnWhichRolloutFinishedFirst() {
    SearchTree inOrder = new SearchTree(PLAN, new TokenState(new int[] {9}));
    SearchTree reversed = new SearchTree(PLAN, new TokenState(new int[] {9}));
    run(inOrder, 0);
    run(reversed, 1);
    List<Integer> a = firstStates(inOrder);
    List<Integer> b = firstStates(reversed);
    assertEquals(List.of(10, 11), a, "paths join in rollout order");
    assertEquals(a, b);
    assertEquals(inOrder.samples(2).stream().map(Sample::design).toList(),
        reversed.samples(2).stream().map(Sample::design).toList());
  }

  private static List<Integer> firstStates(SearchTree tree) {
    return tree.root().children().stream().map(c -> ((TokenState) c.state()).tokens()[0]).toList();
  }

  @Test
  void aRolloutStillRunning_keepsTheRoundOpen() {
    SearchTree tree = new SearchTree(PLAN, new TokenState(new int[] {9}));
    SearchRound round = new SearchRound(tree, 0);
    assertFalse(round.step(at(1, 1, 11, 0)));
    assertFalse(round.step(at(1, 2, 21, 3)));
    assertFalse(round.step(at(0, 1, 10, 0)));
    assertEquals(1, tree.size(), "nothing joins the tree before the round ends");
    assertTrue(round.step(at(0, 2, 20, 4)));
  }
}
