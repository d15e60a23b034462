package org.svdd.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.ToDoubleFunction;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Test double: a {@link TableOracleFake} whose every design costs a fixed number of oracle-seconds, reported
 * without sleeping, so that an oracle-seconds budget is spent at a known number of calls.
 */
public final class MeteredOracleFake implements RewardOracle {
  private final TableOracleFake table;
  private final double secondsPerDesign;

  public MeteredOracleFake(ToDoubleFunction<int[]> reward, double secondsPerDesign) {
    this.table = new TableOracleFake(reward);
    this.secondsPerDesign = secondsPerDesign;
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    return table.score(designs);
  }

  @Override
  public CompletionStage<Scoring> scoreCounting(List<State> designs) {
    return table.score(designs).thenApply(r -> new Scoring(r, designs.size(), secondsPerDesign * designs.size()));
  }

  /** Designs scored so far. */
  public long designs() {
    return table.designs();
  }
}
