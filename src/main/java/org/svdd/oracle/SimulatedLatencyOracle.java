package org.svdd.oracle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * For tests and benchmarks only: an oracle that costs no CPU but answers each call after a fixed
 * latency, like a remote docking or folding service, with at most {@code concurrency} calls in flight
 * (further calls queue). Reward: the fraction of positions holding {@code favouredToken}.
 */
public final class SimulatedLatencyOracle implements RewardOracle {
  private final Duration latency;
  private final int favouredToken;
  private final java.util.concurrent.Semaphore slots;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(ProcessPool.daemon("simulated-oracle"));
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong calls = new AtomicLong();
  private final java.util.concurrent.ExecutorService waiters;

  public SimulatedLatencyOracle(Duration latency, int concurrency, int favouredToken) {
    this.latency = latency;
    this.favouredToken = favouredToken;
    this.slots = new java.util.concurrent.Semaphore(concurrency, true);
    this.waiters = Executors.newCachedThreadPool(ProcessPool.daemon("simulated-oracle-wait"));
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    List<CompletableFuture<Reward>> each = designs.stream().map(this::scoreOne).toList();
    return Futures.inOrder(each);
  }

  private CompletableFuture<Reward> scoreOne(State design) {
    CompletableFuture<Reward> result = new CompletableFuture<>();
    CompletableFuture.runAsync(() -> {
      slots.acquireUninterruptibly();
      calls.incrementAndGet();
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      timer.schedule(() -> {
        inFlight.decrementAndGet();
        slots.release();
        result.complete(new Reward(reward(design), ""));
      }, latency.toNanos(), TimeUnit.NANOSECONDS);
    }, waiters);
    return result;
  }

  private double reward(State design) {
    TokenState tokens = (TokenState) design;
    int hits = 0;
    for (int i = 0; i < tokens.length(); i++) {
      hits += tokens.at(i) == favouredToken ? 1 : 0;
    }
    return (double) hits / tokens.length();
  }

  public long calls() {
    return calls.get();
  }

  /** The most calls that were in flight at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    waiters.shutdownNow();
  }
}
