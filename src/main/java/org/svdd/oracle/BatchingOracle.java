package org.svdd.oracle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Gathers the requests of many particles into one call of an in-process neural oracle, as the denoise
 * worker gathers rows into one forward pass: requests arriving within {@code maxDelay} of the first
 * waiting one go together, and a batch goes at once when it holds {@code maxBatch} designs. Each request
 * gets its own rewards back, in order; a failed call fails every request in it. The oracle must score a
 * design alike whatever it is batched with (the classifiers run fixed micro-batches), so batching never
 * changes a reward.
 */
public final class BatchingOracle implements RewardOracle {
  private final RewardOracle delegate;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final ScheduledExecutorService timer;
  private List<Waiting> waiting = new ArrayList<>();
  private int waitingDesigns;
  private long calls;

  private record Waiting(List<State> designs, CompletableFuture<List<Reward>> answer) {}

  public BatchingOracle(RewardOracle delegate, int maxBatch, Duration maxDelay) {
    if (maxBatch < 1 || maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxBatch must be positive and maxDelay not negative: " + maxBatch + ", " + maxDelay.toMillis() + " ms");
    }
    this.delegate = delegate;
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelay.toNanos();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "batching-oracle");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    CompletableFuture<List<Reward>> answer = new CompletableFuture<>();
    boolean full;
    synchronized (this) {
      waiting.add(new Waiting(List.copyOf(designs), answer));
      waitingDesigns += designs.size();
      full = waitingDesigns >= maxBatch;
      if (!full && waiting.size() == 1) {
        timer.schedule(this::flush, maxDelayNanos, TimeUnit.NANOSECONDS);
      }
    }
    if (full) {
      flush();
    }
    return answer;
  }

  /** Calls the oracle once for everything waiting now. */
  private void flush() {
    List<Waiting> batch;
    synchronized (this) {
      if (waiting.isEmpty()) {
        return;
      }
      batch = waiting;
      waiting = new ArrayList<>();
      waitingDesigns = 0;
      calls++;
    }
    List<State> all = new ArrayList<>();
    batch.forEach(w -> all.addAll(w.designs()));
    CompletionStage<List<Reward>> answered;
    try {
      answered = delegate.score(all);
    } catch (RuntimeException e) {
      answered = CompletableFuture.failedFuture(e);
    }
    answered.whenComplete((rewards, failure) -> {
      int from = 0;
      for (Waiting w : batch) {
        if (failure != null) {
          w.answer().completeExceptionally(failure);
        } else {
          w.answer().complete(List.copyOf(rewards.subList(from, from + w.designs().size())));
        }
        from += w.designs().size();
      }
    });
  }

  /** Calls made to the oracle so far. */
  public synchronized long calls() {
    return calls;
  }

  @Override
  public String identity() {
    return delegate.identity();
  }

  @Override
  public Slots slots() {
    return delegate.slots();
  }

  @Override
  public void withdrawTogether(Runnable cancels) {
    delegate.withdrawTogether(cancels);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    delegate.close();
  }
}
