package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/** An oracle's wrappers withdraw calls together where the oracle does: a docking slot starts nothing meanwhile. */
class WrappedWithdrawalTest {

  /** For tests only: answers nothing, and notes what ran inside its withdrawals. */
  private static final class WithdrawingOracleFake implements RewardOracle {
    final List<String> log = new ArrayList<>();

    @Override
    public CompletionStage<List<Reward>> score(List<State> designs) {
      return new CompletableFuture<>();
    }

    @Override
    public void withdrawTogether(Runnable cancels) {
      log.add("begin");
      cancels.run();
      log.add("end");
    }
  }

  static Stream<Arguments> wrappers() {
    return Stream.of(
        Arguments.of("caching", (Function<RewardOracle, RewardOracle>) inner -> new CachingOracle(inner, 10)),
        Arguments.of("batching", (Function<RewardOracle, RewardOracle>) inner -> new BatchingOracle(inner, 4,
            Duration.ofMillis(1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void withdrawTogether_runsTheCancelsInsideTheWrappedOraclesWithdrawal(String name,
      Function<RewardOracle, RewardOracle> wrap) {
    WithdrawingOracleFake inner = new WithdrawingOracleFake();
    RewardOracle wrapped = wrap.apply(inner);
    wrapped.withdrawTogether(() -> inner.log.add("cancels"));
    assertEquals(List.of("begin", "cancels", "end"), inner.log, name);
  }
}
