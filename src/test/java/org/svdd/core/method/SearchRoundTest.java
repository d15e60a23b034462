package org.svdd.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;

/**
 * A round of tree search joins the tree once, when its last rollout finishes, the same whichever finished first; the
 * rounds a job saved grow the same tree again.
 */
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

  /** Two rollouts a round, four rounds at most, four steps: later rounds start below the root. */
  private static final SamplingPlan DEEP = SamplingPlan.of(Method.TREE, 2, 4, 0, 4, 1);

  /** Runs round {@code number}: each rollout steps to the end through states made of its particle and step. */
  private static SearchRound runRound(SearchTree tree, int number) {
    SearchRound round = new SearchRound(tree, number);
    for (Trajectory start : round.rollouts()) {
      for (int step = start.step() + 1; step <= DEEP.steps(); step++) {
        int p = start.particle();
        round.step(new Trajectory(p, step, new TokenState(new int[] {p, step}), null, 0, 0, step < DEEP.steps() ? null
            : p == 5 ? Reward.failed("crashed") : new Reward((p * 7) % 5, "r" + p)));
      }
    }
    return round;
  }

  @Test
  void theSavedRounds_growTheSameTreeAgain_andTheNextRoundStartsAlike() {
    SearchTree ran = new SearchTree(DEEP, new TokenState(new int[] {9}));
    List<SearchRound.Rollout> saved = new java.util.ArrayList<>();
    for (int r = 0; r < 3; r++) {
      saved.addAll(runRound(ran, r).finished());
    }
    assertTrue(saved.stream().anyMatch(r -> r.start() > 0), "some rollouts started below the root: " + saved);
    assertEquals(List.of(0, 1, 2, 3, 4, 5), saved.stream().map(SearchRound.Rollout::particle).toList());
    assertTrue(saved.get(5).reward().failed(), "a failed reward is kept as failed");

    SearchTree grown = new SearchTree(DEEP, new TokenState(new int[] {9}));
    for (int r = 0; r < 3; r++) {
      SearchRound.replay(grown, r, saved.subList(2 * r, 2 * r + 2));
    }
    assertEquals(ran.size(), grown.size());
    assertEquals(ran.root().value(), grown.root().value());
    assertEquals(ran.root().visits(), grown.root().visits(), "visits counted as the starts were chosen");
    assertEquals(ran.samples(2), grown.samples(2));
    assertEquals(new SearchRound(ran, 3).rollouts(), new SearchRound(grown, 3).rollouts(), "round 3 starts alike");
  }

  @Test
  void savedRolloutsThatDoNotFitTheRound_areRefusedNamingTheFirst() {
    SearchTree ran = new SearchTree(DEEP, new TokenState(new int[] {9}));
    List<SearchRound.Rollout> round0 = runRound(ran, 0).finished();
    List<SearchRound.Rollout> round1 = runRound(ran, 1).finished();
    SearchTree grown = new SearchTree(DEEP, new TokenState(new int[] {9}));
    SearchRound.replay(grown, 0, round0);
    SearchRound.Rollout moved = new SearchRound.Rollout(2, round1.get(0).start() + 1, round1.get(0).path().subList(1,
        round1.get(0).path().size()), round1.get(0).reward());
    String why = assertThrows(IllegalArgumentException.class,
        () -> SearchRound.replay(grown, 1, List.of(moved, round1.get(1)))).getMessage();
    assertTrue(why.contains("saved rollout 2 started at step " + moved.start()) && why.contains("round 1"), why);
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SearchRound.replay(new SearchTree(DEEP, new TokenState(new int[] {9})), 0, round0.subList(0, 1)))
        .getMessage().contains("round 0 ran 2 rollouts, 1 saved"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SearchRound.replay(new SearchTree(DEEP, new TokenState(new int[] {9})), 0, round1))
        .getMessage().contains("the saved rollout 2"), "another round's rollouts");
  }

  @Test
  void aRoundNotOver_hasNoFinishedRollouts() {
    SearchRound round = new SearchRound(new SearchTree(PLAN, new TokenState(new int[] {9})), 0);
    round.step(at(0, 1, 10, 0));
    round.step(at(0, 2, 20, 4));
    assertThrows(IllegalStateException.class, round::finished);
  }

  @Test
  void aClearedTree_isTheRootAlone() {
    SearchTree tree = new SearchTree(DEEP, new TokenState(new int[] {9}));
    runRound(tree, 0);
    runRound(tree, 1);
    tree.clear();
    SearchTree fresh = new SearchTree(DEEP, new TokenState(new int[] {9}));
    assertEquals(1, tree.size());
    assertTrue(Double.isNaN(tree.root().value()) && tree.root().visits() == 0 && tree.root().children().isEmpty());
    runRound(tree, 0);
    runRound(fresh, 0);
    assertEquals(fresh.samples(2), tree.samples(2), "searched again as from the start");
    assertEquals(new SearchRound(fresh, 1).rollouts(), new SearchRound(tree, 1).rollouts());
  }
}
