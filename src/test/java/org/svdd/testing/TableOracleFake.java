package org.svdd.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.ToDoubleFunction;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/** Test double: an in-memory reward function over token states, answering at once. */
public final class TableOracleFake implements RewardOracle {
  private final ToDoubleFunction<int[]> reward;
  private long designs;

  public TableOracleFake(ToDoubleFunction<int[]> reward) {
    this.reward = reward;
  }

  @Override
  public synchronized CompletionStage<List<Reward>> score(List<State> batch) {
    designs += batch.size();
    List<Reward> out = new ArrayList<>(batch.size());
    for (State s : batch) {
      out.add(new Reward(reward.applyAsDouble(((TokenState) s).tokens()), ""));
    }
    return CompletableFuture.completedFuture(out);
  }

  public synchronized long designs() {
    return designs;
  }
}
