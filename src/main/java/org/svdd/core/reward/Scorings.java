package org.svdd.core.reward;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/** Turns a call's rewards into a {@link RewardOracle.Scoring}, a cancel of the result reaching the call. */
public final class Scorings {
  private Scorings() {}

  /**
   * The rewards of {@code call} with the oracle calls {@code calls} counts and the oracle-seconds {@code seconds}
   * gives once the call is done; cancelling the answer cancels {@code call}.
   */
  public static CompletableFuture<RewardOracle.Scoring> counted(CompletableFuture<List<Reward>> call,
      ToIntFunction<List<Reward>> calls, DoubleSupplier seconds) {
    return counted(call, calls, seconds, () -> 0);
  }

  /** {@link #counted(CompletableFuture, ToIntFunction, DoubleSupplier)}, with the archive's answers {@code archived} counts. */
  public static CompletableFuture<RewardOracle.Scoring> counted(CompletableFuture<List<Reward>> call,
      ToIntFunction<List<Reward>> calls, DoubleSupplier seconds, IntSupplier archived) {
    CompletableFuture<RewardOracle.Scoring> answer = new CompletableFuture<>();
    call.whenComplete((rewards, failure) -> {
      if (failure != null) {
        answer.completeExceptionally(failure);
      } else {
        answer.complete(new RewardOracle.Scoring(rewards, calls.applyAsInt(rewards), seconds.getAsDouble(),
            archived.getAsInt()));
      }
    });
    answer.whenComplete((r, e) -> {
      if (answer.isCancelled()) {
        call.cancel(true);
      }
    });
    return answer;
  }
}
