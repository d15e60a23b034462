package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;
import org.svdd.testing.TableOracleFake;

class CachingOracleTest {
  private final TableOracleFake table = new TableOracleFake(x -> x[0] * 10 + x[1]);

  private static State s(int a, int b) {
    return new TokenState(new int[] {a, b});
  }

  @Test
  void score_duplicatesInOneBatch_callTheOracleOncePerDistinctDesign() {
    CachingOracle oracle = new CachingOracle(table, 100);
    List<Reward> rewards = oracle.score(List.of(s(1, 2), s(1, 2), s(3, 4), s(1, 2))).toCompletableFuture().join();
    assertEquals(List.of(12.0, 12.0, 34.0, 12.0), rewards.stream().map(Reward::value).toList());
    assertEquals(2, table.designs());
    assertEquals(0.5, oracle.stats().savedFraction(), 1e-12);
  }

  @Test
  void score_repeatedAcrossBatches_isAnsweredFromTheCache() {
    CachingOracle oracle = new CachingOracle(table, 100);
    oracle.score(List.of(s(1, 2))).toCompletableFuture().join();
    oracle.score(List.of(s(1, 2), s(5, 6))).toCompletableFuture().join();
    assertEquals(2, table.designs());
    assertEquals(new CachingOracle.Stats(3, 2), oracle.stats());
  }
}
