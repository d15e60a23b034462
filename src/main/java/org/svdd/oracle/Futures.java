package org.svdd.oracle;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** Per-design calls joined into one answer, and calls whose cancellation reaches the work itself. */
final class Futures {
  private Futures() {}

  /**
   * The calls' results in input order, failing if any call fails. Cancelling the answer cancels every
   * call, so work nobody waits for any more is stopped.
   */
  static <T> CompletableFuture<List<T>> inOrder(List<CompletableFuture<T>> calls) {
    CompletableFuture<List<T>> joined = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
    joined.whenComplete((result, failure) -> {
      if (joined.isCancelled()) {
        calls.forEach(c -> c.cancel(true));
      }
    });
    return joined;
  }

  /** {@code call}'s result mapped by {@code f}; cancelling the answer cancels {@code call}. */
  static <T, R> CompletableFuture<R> mapped(CompletableFuture<T> call, java.util.function.Function<T, R> f) {
    CompletableFuture<R> answer = call.thenApply(f);
    answer.whenComplete((result, failure) -> {
      if (answer.isCancelled()) {
        call.cancel(true);
      }
    });
    return answer;
  }

  /**
   * One design's reward, or a failed reward saying why the oracle could not answer it after its retries:
   * one design's failure is that design's, not the whole request's.
   */
  static CompletableFuture<org.svdd.core.reward.Reward> orFailed(CompletableFuture<org.svdd.core.reward.Reward> call) {
    return call.exceptionally(e -> org.svdd.core.reward.Reward.failed(org.svdd.core.reward.Failures.describe(e)));
  }

  /**
   * Runs {@code work} on {@code executor}; cancelling the answer removes the work from the queue or
   * interrupts the thread running it (a program it waits for is then killed by {@link ProgramRun}).
   */
  static <T> CompletableFuture<T> interruptible(Supplier<T> work, ExecutorService executor) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    Future<?> task = executor.submit(() -> {
      if (answer.isDone()) {
        return;
      }
      try {
        answer.complete(work.get());
      } catch (RuntimeException | Error e) {
        answer.completeExceptionally(e);
      }
    });
    answer.whenComplete((result, failure) -> {
      if (answer.isCancelled()) {
        task.cancel(true);
      }
    });
    return answer;
  }
}
