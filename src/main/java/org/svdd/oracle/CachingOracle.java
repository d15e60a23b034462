package org.svdd.oracle;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardArchive;
import org.svdd.core.reward.RewardOracle;

/**
 * Never pays twice for one design. Designs are keyed by their canonical text (a molecule's canonical
 * SMILES, so two token strings of one molecule are one call), deduplicated within a batch, remembered in
 * memory (bounded, least-recently used) and, below that, in a durable {@link RewardArchive} shared by
 * nodes and jobs. In-flight calls are shared: a design asked for again before its first call returns
 * waits on that call. Failed rewards are neither remembered nor archived. Archive lookups and saves run
 * on their own thread; an archive that fails is logged and skipped, never fatal to a job.
 *
 * <p>Cancelling an answer withdraws its request: a call to the wrapped oracle is cancelled (a running
 * dock killed) once no request still waits on it, and a request left waiting on a call withdrawn by
 * others asks again.
 */
public final class CachingOracle implements RewardOracle {
  private static final Logger LOG = LoggerFactory.getLogger(CachingOracle.class);
  private final RewardOracle delegate;
  private final Function<State, String> key;
  private final RewardArchive archive;
  private final ExecutorService archiveThread;
  private final AsyncCache<String, Reward> cache;
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong delegated = new AtomicLong();
  private final AtomicLong archived = new AtomicLong();
  /** Calls in flight by design key, so a withdrawn request can release the call it waited on. */
  private final java.util.concurrent.ConcurrentHashMap<String, Load> loading = new java.util.concurrent.ConcurrentHashMap<>();

  /** Work done so far: designs asked for, designs the wrapped oracle scored, designs the archive answered. */
  public record Stats(long requested, long delegated, long archived) {
    /** Fraction of requested designs answered without an oracle call. */
    public double savedFraction() {
      return requested == 0 ? 0 : 1 - (double) delegated / requested;
    }
  }

  /**
   * @param key a design's canonical text
   * @param archive durable answers ({@link RewardArchive#NONE} for none)
   */
  public CachingOracle(RewardOracle delegate, Function<State, String> key, RewardArchive archive, long maximumSize) {
    this.delegate = delegate;
    this.key = key;
    this.archive = archive;
    this.archiveThread = archive == RewardArchive.NONE ? null
        : Executors.newSingleThreadExecutor(ProcessPool.daemon("reward-archive"));
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).buildAsync();
  }

  /** In memory only, keyed by the state's content (tokens, or a digest of an image's values and time). */
  public CachingOracle(RewardOracle delegate, long maximumSize) {
    this(delegate, CachingOracle::contentKey, RewardArchive.NONE, maximumSize);
  }

  /** A state's tokens as text, or for a float state a SHA-256 digest of its values and time. */
  static String contentKey(State state) {
    if (state instanceof TokenState tokens) {
      return Arrays.toString(tokens.tokens());
    }
    if (!(state instanceof org.svdd.core.diffusion.FloatState image)) {
      throw new IllegalArgumentException("no content key for " + state);
    }
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * image.length() + 8);
    for (int i = 0; i < image.length(); i++) {
      bytes.putFloat(image.at(i));
    }
    bytes.putDouble(image.time());
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    requested.addAndGet(designs.size());
    CompletableFuture<List<Reward>> answer = new CompletableFuture<>();
    ask(designs, answer, new Cost());
    return answer;
  }

  /**
   * {@link #score}, counting the designs this call sent on to the oracle (not memory, archive or a shared call)
   * and those the archive answered for it.
   */
  @Override
  public CompletionStage<Scoring> scoreCounting(List<State> designs) {
    requested.addAndGet(designs.size());
    CompletableFuture<List<Reward>> answer = new CompletableFuture<>();
    Cost cost = new Cost();
    ask(designs, answer, cost);
    return org.svdd.core.reward.Scorings.counted(answer, rewards -> cost.calls.get(), cost.seconds::sum,
        cost.archived::get);
  }

  /** What one request sent on to the oracle (designs, and the oracle-seconds they cost) and found in the archive. */
  private static final class Cost {
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger archived = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.DoubleAdder seconds = new java.util.concurrent.atomic.DoubleAdder();
  }

  /** Completes {@code answer} with the designs' rewards, asking again if a shared call was withdrawn. */
  private void ask(List<State> designs, CompletableFuture<List<Reward>> answer, Cost cost) {
    List<String> keys = designs.stream().map(key).toList();
    Map<String, State> byKey = new LinkedHashMap<>();
    for (int i = 0; i < designs.size(); i++) {
      byKey.putIfAbsent(keys.get(i), designs.get(i));
    }
    CompletableFuture<Map<String, Reward>> all =
        cache.getAll(byKey.keySet(), (Set<? extends String> missing, Executor executor) -> load(missing, byKey, cost));
    Set<Load> waitedOn = join(byKey.keySet());
    answer.whenComplete((r, e) -> {
      if (answer.isCancelled()) {
        waitedOn.forEach(Load::leave);
      }
    });
    all.whenComplete((byDesign, failure) -> {
      if (answer.isDone()) {
        return;
      }
      if (failure != null && isCancellation(failure)) {
        byKey.keySet().forEach(this::forgetWithdrawn);
        ask(designs, answer, cost);
        return;
      }
      if (failure != null) {
        answer.completeExceptionally(failure);
        return;
      }
      List<String> failed = byDesign.entrySet().stream().filter(e -> e.getValue().failed()).map(Map.Entry::getKey)
          .toList();
      if (!failed.isEmpty()) {
        cache.synchronous().invalidateAll(failed);
      }
      answer.complete(keys.stream().map(byDesign::get).toList());
    });
  }

  /** The calls in flight for these designs, each counting one more request that waits on it. */
  private Set<Load> join(Set<String> keys) {
    Set<Load> loads = new java.util.HashSet<>();
    for (String k : keys) {
      Load load = loading.get(k);
      if (load != null && loads.add(load)) {
        load.enter();
      }
    }
    return loads;
  }

  /** Drops a design's withdrawn call from memory now, so asking again starts a new one. */
  private void forgetWithdrawn(String k) {
    CompletableFuture<Reward> f = cache.getIfPresent(k);
    if (f != null && f.isCompletedExceptionally()) {
      cache.asMap().remove(k, f);
    }
  }

  private static boolean isCancellation(Throwable failure) {
    Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return t instanceof java.util.concurrent.CancellationException;
  }

  /** One call to the wrapped oracle (archive lookup first) and the requests waiting on it. */
  private final class Load {
    private final List<String> keys;
    private final CompletableFuture<Map<String, Reward>> result = new CompletableFuture<>();
    private volatile CompletableFuture<Scoring> call;
    private int waiters;

    Load(List<String> keys) {
      this.keys = keys;
    }

    synchronized void enter() {
      waiters++;
    }

    /** A waiting request was withdrawn; the last one to leave cancels the call. */
    void leave() {
      synchronized (this) {
        if (--waiters > 0) {
          return;
        }
      }
      if (result.cancel(true)) {
        CompletableFuture<Scoring> running = call;
        if (running != null) {
          running.cancel(true);
        }
      }
    }

    void finished() {
      keys.forEach(k -> loading.remove(k, this));
    }
  }

  private CompletableFuture<Map<String, Reward>> load(Set<? extends String> missing, Map<String, State> byKey,
      Cost cost) {
    List<String> wanted = new ArrayList<>(missing);
    Load load = new Load(wanted);
    wanted.forEach(k -> loading.put(k, load));
    load.result.whenComplete((r, e) -> load.finished());
    CompletableFuture<Map<String, Reward>> known = archiveThread == null
        ? CompletableFuture.completedFuture(Map.of())
        : CompletableFuture.supplyAsync(() -> find(wanted), archiveThread);
    known.thenCompose(found -> {
      archived.addAndGet(found.size());
      cost.archived.addAndGet(found.size());
      List<String> rest = wanted.stream().filter(k -> !found.containsKey(k)).toList();
      if (rest.isEmpty() || load.result.isDone()) {
        return CompletableFuture.completedFuture(found);
      }
      delegated.addAndGet(rest.size());
      cost.calls.addAndGet(rest.size());
      CompletableFuture<Scoring> call = delegate.scoreCounting(rest.stream().map(byKey::get).toList())
          .toCompletableFuture();
      load.call = call;
      if (load.result.isCancelled()) {
        call.cancel(true);
      }
      return call.thenApply(scoring -> {
        cost.seconds.add(scoring.oracleSeconds());
        List<Reward> rewards = scoring.rewards();
        Map<String, Reward> all = new HashMap<>(found);
        Map<String, Reward> fresh = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
          all.put(rest.get(i), rewards.get(i));
          if (!rewards.get(i).failed()) {
            fresh.put(rest.get(i), rewards.get(i));
          }
        }
        if (archiveThread != null && !fresh.isEmpty()) {
          archiveThread.execute(() -> save(fresh));
        }
        return all;
      });
    }).whenComplete((all, failure) -> {
      if (failure != null) {
        load.result.completeExceptionally(failure);
      } else {
        load.result.complete(all);
      }
    });
    return load.result;
  }

  private Map<String, Reward> find(List<String> designs) {
    try {
      return archive.find(delegate.identity(), designs);
    } catch (RuntimeException e) {
      Exiting.holdIfExiting(); // the database closed by the exit
      LOG.warn("reward archive lookup failed, scoring {} designs anew: {}", designs.size(), e.getMessage());
      return Map.of();
    }
  }

  private void save(Map<String, Reward> rewards) {
    try {
      archive.save(delegate.identity(), rewards);
    } catch (RuntimeException e) {
      Exiting.holdIfExiting();
      LOG.warn("reward archive could not save {} rewards: {}", rewards.size(), e.getMessage());
    }
  }

  public Stats stats() {
    return new Stats(requested.get(), delegated.get(), archived.get());
  }

  @Override
  public String identity() {
    return delegate.identity();
  }

  @Override
  public long restarts() {
    return delegate.restarts();
  }

  @Override
  public Slots slots() {
    return delegate.slots();
  }

  @Override
  public void withdrawTogether(Runnable cancels) {
    delegate.withdrawTogether(cancels);
  }

  /** Leaves the wrapped oracle open (whoever created it owns it); saves still queued are finished first. */
  @Override
  public void close() {
    if (archiveThread != null) {
      archiveThread.shutdown();
      try {
        archiveThread.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
