package org.svdd.core.method;

import java.util.ArrayList;
import java.util.List;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;

/**
 * One round of tree search ({@link SearchTree}): N rollouts from the starts the tree chose as it stood, their states
 * collected as they step, and their paths added to the tree in rollout order once every rollout has finished, so
 * that the tree does not depend on which rollout finished first. The direct loop and the engine run rounds alike. A
 * finished round's rollouts ({@link #finished}) are what a job saves of its tree, and {@link #replay} grows the same
 * tree from them again.
 */
public final class SearchRound {

  /**
   * A finished rollout: {@code particle} (round·N + k), the step it started from, its states after each step (the last
   * clean), and the reward of the last.
   */
  public record Rollout(int particle, int start, List<State> path, Reward reward) {
    public Rollout {
      path = List.copyOf(path);
    }
  }

  private final SearchTree tree;
  private final SamplingPlan plan;
  private final int number;
  private final List<SearchTree.Node> starts;
  private final List<Trajectory> rollouts = new ArrayList<>();
  private final List<List<State>> paths = new ArrayList<>();
  private final Trajectory[] ends;
  private int finished;

  /** Round {@code number} (from 0) of the search over {@code tree}, with its starts chosen now. */
  public SearchRound(SearchTree tree, int number) {
    this.tree = tree;
    this.plan = tree.plan();
    this.number = number;
    this.starts = tree.starts(number, plan.particles());
    for (int k = 0; k < plan.particles(); k++) {
      rollouts.add(tree.rollout(number, k, starts.get(k)));
      paths.add(new ArrayList<>());
    }
    this.ends = new Trajectory[plan.particles()];
  }

  /**
   * Round {@code number} of the search over {@code tree} as it ran before: its starts chosen again (as then, the tree
   * being as it was then), and {@code rollouts}, that round's {@link #finished} rollouts, added to the tree. Fails,
   * naming the first that does not fit, where they are not that round's (another plan's tree, another version's).
   */
  public static void replay(SearchTree tree, int number, List<Rollout> rollouts) {
    SearchRound round = new SearchRound(tree, number);
    if (rollouts.size() != round.plan.particles()) {
      throw new IllegalArgumentException("round " + number + " ran " + round.plan.particles() + " rollouts, "
          + rollouts.size() + " saved");
    }
    for (int k = 0; k < rollouts.size(); k++) {
      Rollout r = rollouts.get(k);
      SearchTree.Node start = round.starts.get(k);
      if (r.particle() != number * round.plan.particles() + k || r.start() != start.step()) {
        throw new IllegalArgumentException("the saved rollout " + r.particle() + " started at step " + r.start()
            + "; round " + number + "'s rollout " + k + " starts at step " + start.step() + " of this tree");
      }
    }
    for (int k = 0; k < rollouts.size(); k++) {
      tree.add(round.starts.get(k), rollouts.get(k).path(), rollouts.get(k).reward());
    }
  }

  /** The round's rollouts, in rollout order, once {@link #step} has said it is over. */
  public List<Rollout> finished() {
    if (finished < plan.particles()) {
      throw new IllegalStateException("round " + number + " has " + finished + " of " + plan.particles()
          + " rollouts finished");
    }
    List<Rollout> out = new ArrayList<>(plan.particles());
    for (int k = 0; k < plan.particles(); k++) {
      out.add(new Rollout(ends[k].particle(), starts.get(k).step(), paths.get(k), ends[k].reward()));
    }
    return out;
  }

  public int number() {
    return number;
  }

  /** The round's rollouts as they start (particles {@code number·N} to {@code number·N + N − 1}). */
  public List<Trajectory> rollouts() {
    return List.copyOf(rollouts);
  }

  /**
   * Records a step a rollout of this round took, {@code next} being where it is now; true once it was the last step
   * of the round's last rollout to finish, the round's paths then added to the tree with their rewards.
   */
  public boolean step(Trajectory next) {
    int k = next.particle() - number * plan.particles();
    paths.get(k).add(next.state());
    if (!next.finished(plan.steps())) {
      return false;
    }
    ends[k] = next;
    if (++finished < plan.particles()) {
      return false;
    }
    for (int i = 0; i < plan.particles(); i++) {
      tree.add(starts.get(i), paths.get(i), ends[i].reward());
    }
    return true;
  }
}
