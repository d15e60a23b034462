package org.svdd.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;

/**
 * Test fake: one oracle answering every reward, named ({@link RewardOracles#identities}) under {@code reward} once a
 * job has opened it, as a served node's task oracles name theirs.
 */
public final class NamedOraclesFake implements RewardOracles {
  private final RewardOracle oracle;
  private final String reward;
  private final AtomicBoolean opened = new AtomicBoolean();

  public NamedOraclesFake(RewardOracle oracle, String reward) {
    this.oracle = oracle;
    this.reward = reward;
  }

  @Override
  public RewardOracle forReward(String asked) {
    opened.set(true);
    return oracle;
  }

  @Override
  public Map<String, String> identities() {
    return opened.get() ? Map.of(reward, oracle.identity()) : Map.of();
  }
}
