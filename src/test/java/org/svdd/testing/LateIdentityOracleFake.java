package org.svdd.testing;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Test fake: an oracle that cannot say what it is the first time it is asked (its program did not answer its version
 * ask), and is {@code identity} from then on; counts the asks. Scores nothing.
 */
public final class LateIdentityOracleFake implements RewardOracle {
  private final String identity;
  private final AtomicInteger asked = new AtomicInteger();

  public LateIdentityOracleFake(String identity) {
    this.identity = identity;
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    throw new UnsupportedOperationException("not used by this fake");
  }

  @Override
  public String identity() {
    if (asked.incrementAndGet() == 1) {
      throw new IllegalStateException("its program did not answer its version ask in 10 s");
    }
    return identity;
  }

  /** How many times its identity was asked. */
  public int asked() {
    return asked.get();
  }
}
