package org.svdd.oracle;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * Deduplicates designs within a batch and caches rewards across batches (bounded, least-recently
 * used). Masked diffusion repeats designs often (few tokens unmask per step, children equal their
 * parent), and oracles are deterministic, so every hit is a call saved. In-flight calls are shared: a
 * design asked for again before its first call returns waits on that call. Failures are not cached.
 */
public final class CachingOracle implements RewardOracle {
  private final RewardOracle delegate;
  private final AsyncCache<State, Reward> cache;
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong delegated = new AtomicLong();

  /** Work done so far: designs asked for, and designs the wrapped oracle actually scored. */
  public record Stats(long requested, long delegated) {
    /** Fraction of requested designs answered without an oracle call. */
    public double savedFraction() {
      return requested == 0 ? 0 : 1 - (double) delegated / requested;
    }
  }

  public CachingOracle(RewardOracle delegate, long maximumSize) {
    this.delegate = delegate;
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).buildAsync();
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    requested.addAndGet(designs.size());
    CompletableFuture<Map<State, Reward>> all = cache.getAll(designs, (Set<? extends State> missing, java.util.concurrent.Executor executor) -> {
      List<State> batch = new ArrayList<>(missing);
      delegated.addAndGet(batch.size());
      return delegate.score(batch).toCompletableFuture().thenApply(rewards -> {
        Map<State, Reward> byDesign = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
          byDesign.put(batch.get(i), rewards.get(i));
        }
        return byDesign;
      });
    });
    return all.thenApply(byDesign -> designs.stream().map(byDesign::get).toList());
  }

  public Stats stats() {
    return new Stats(requested.get(), delegated.get());
  }

  /** Leaves the wrapped oracle open: whoever created it owns it. */
  @Override
  public void close() {}
}
