package org.svdd.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/** Test double: answers after a delay that depends on the design, so replies arrive out of order. */
final class JitteryOracleFake implements RewardOracle {
  private final ToDoubleFunction<int[]> reward;

  JitteryOracleFake(ToDoubleFunction<int[]> reward) {
    this.reward = reward;
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    List<Reward> out = designs.stream().map(d -> new Reward(reward.applyAsDouble(((TokenState) d).tokens()), "")).toList();
    long delay = Math.floorMod(designs.hashCode(), 4);
    return CompletableFuture.supplyAsync(() -> out, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
  }
}
