package org.svdd.api;

import java.util.List;
import java.util.function.UnaryOperator;
import org.svdd.core.diffusion.DesignCodec;

/**
 * The task a service answers jobs for, as the API needs to know it: name, rewards (the first the
 * default), how its designs read, and the check a reward name must pass (returning its canonical name,
 * or failing with a message naming it).
 */
public record ServedTask(String name, List<String> rewards, DesignCodec codec, UnaryOperator<String> rewardCheck) {
  public ServedTask {
    rewards = List.copyOf(rewards);
  }

  /** A service scoring exactly {@code rewards}. */
  public ServedTask(String name, List<String> rewards, DesignCodec codec) {
    this(name, rewards, codec, null);
  }

  /** The reward's canonical name; fails naming it unless this service scores it. */
  public String checkReward(String reward) {
    if (rewardCheck != null) {
      return rewardCheck.apply(reward);
    }
    if (!rewards.contains(reward)) {
      throw new IllegalArgumentException("unknown reward '" + reward + "' for task " + name + "; this service scores " + rewards);
    }
    return reward;
  }
}
