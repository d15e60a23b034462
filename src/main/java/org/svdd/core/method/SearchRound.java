package org.svdd.core.method;

import java.util.ArrayList;
import java.util.List;
import org.svdd.core.diffusion.State;

/**
 * One round of tree search ({@link SearchTree}): N rollouts from the starts the tree chose as it stood, their states
 * collected as they step, and their paths added to the tree in rollout order once every rollout has finished, so
 * that the tree does not depend on which rollout finished first. The direct loop and the engine run rounds alike.
 */
public final class SearchRound {
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
