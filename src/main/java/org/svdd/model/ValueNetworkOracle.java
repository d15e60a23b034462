package org.svdd.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * SVDD-MC's value of a state: a {@link ValueNetwork}'s estimate of the reward its rollouts end with,
 * asked of noisy states (partly masked sequences, noisy images) as well as clean ones, in the calling
 * thread. Owns the network.
 */
public final class ValueNetworkOracle implements RewardOracle {
  private final ValueNetwork network;
  private final String identity;

  /** @param identity what distinguishes this network's answers (its files' {@link org.svdd.oracle.ContentDigest}) */
  public ValueNetworkOracle(ValueNetwork network, String identity) {
    this.network = network;
    this.identity = identity;
  }

  @Override
  public synchronized CompletionStage<List<Reward>> score(List<State> designs) {
    try {
      double[] values = network.values(designs);
      List<Reward> rewards = new ArrayList<>(values.length);
      for (double v : values) {
        rewards.add(new Reward(v, ""));
      }
      return CompletableFuture.completedFuture(rewards);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public String identity() {
    return "value-network " + network.reward() + " " + identity;
  }

  @Override
  public synchronized void close() {
    network.close();
  }
}
