package org.svdd.cluster;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The reward workers this node knows of, by the rewards they score: a worker of a node serving every
 * reward of its task is listed for any reward; a worker of a node started for one reward
 * ({@code svdd serve --reward R}) only for that one. A job's requests go to the pool of its reward
 * (the workers for any reward and those for that reward), so a cluster whose reward nodes score
 * different rewards routes each request to a node that scores it. The first ask for a reward
 * subscribes to its workers' listing. Thread-safe: shared by the particles of every job on the node.
 */
public final class RewardPools {
  private volatile Set<ActorRef<RewardWorker.Command>> anyReward = Set.of();
  private final Map<String, Set<ActorRef<RewardWorker.Command>>> byReward = new ConcurrentHashMap<>();
  private final Map<String, WorkerPool<RewardWorker.Command>> pools = new ConcurrentHashMap<>();
  private volatile Consumer<String> subscriber = reward -> {};

  /**
   * Whoever keeps the listings (the worker directory) subscribes to a reward's workers when asked;
   * rewards asked for before it started are handed over now.
   */
  synchronized void subscribeWith(Consumer<String> subscriber) {
    this.subscriber = subscriber;
    pools.keySet().stream().filter(r -> !r.isEmpty()).forEach(subscriber);
  }

  /** The workers that score {@code reward} ("" for a job that names none: the workers for any reward). */
  public WorkerPool<RewardWorker.Command> forReward(String reward) {
    WorkerPool<RewardWorker.Command> known = pools.get(reward);
    return known != null ? known : firstAsk(reward);
  }

  /** Creates the reward's pool and subscribes to its workers, atomically with {@link #subscribeWith}. */
  private synchronized WorkerPool<RewardWorker.Command> firstAsk(String reward) {
    WorkerPool<RewardWorker.Command> pool = pools.get(reward);
    if (pool == null) {
      pool = new WorkerPool<>();
      pool.update(members(reward));
      pools.put(reward, pool);
      if (!reward.isEmpty()) {
        subscriber.accept(reward);
      }
    }
    return pool;
  }

  /** The listing of workers for any reward changed. */
  public synchronized void updateAnyReward(Set<ActorRef<RewardWorker.Command>> workers) {
    anyReward = Set.copyOf(workers);
    pools.forEach((reward, pool) -> pool.update(members(reward)));
  }

  /** The listing of workers for {@code reward} alone changed. */
  public synchronized void updateReward(String reward, Set<ActorRef<RewardWorker.Command>> workers) {
    byReward.put(reward, Set.copyOf(workers));
    WorkerPool<RewardWorker.Command> pool = pools.get(reward);
    if (pool != null) {
      pool.update(members(reward));
    }
  }

  /** {@code worker} stopped: it leaves every reward's pool (see {@link WorkerPool#stopped}). */
  public void stopped(ActorRef<RewardWorker.Command> worker) {
    pools.values().forEach(pool -> pool.stopped(worker));
  }

  /** Every worker known, for any reward or for some reward. */
  public Set<ActorRef<RewardWorker.Command>> all() {
    Set<ActorRef<RewardWorker.Command>> all = new HashSet<>(anyReward);
    byReward.values().forEach(all::addAll);
    return all;
  }

  /** Workers known for any reward or for some reward. */
  public boolean isEmpty() {
    return anyReward.isEmpty() && byReward.values().stream().allMatch(Set::isEmpty);
  }

  private Set<ActorRef<RewardWorker.Command>> members(String reward) {
    Set<ActorRef<RewardWorker.Command>> all = new HashSet<>(anyReward);
    all.addAll(byReward.getOrDefault(reward, Set.of()));
    return all;
  }
}
