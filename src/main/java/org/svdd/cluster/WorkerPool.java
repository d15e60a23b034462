package org.svdd.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The workers of one kind that this node knows of, anywhere in the cluster, with the work this node has
 * outstanding at each, in units its callers choose (a denoise request is one; a score request counts its
 * designs). Routing is load-aware: {@link #acquire} picks a worker with the fewest units in flight
 * (rotating among equals) and counts them until {@link #release}; {@link #spread} shares one request's
 * units among the workers, so that one job's few requests still reach every worker. Shared by the particles
 * of every job on the node, so it is thread-safe; the Receptionist listing replaces the members as nodes
 * come and go. A worker that failed a request whole ({@link #setAside}) ranks after every other for a while, so
 * that a node that cannot run its oracle, answering fast and so looking idle, does not draw most of the work.
 */
public final class WorkerPool<T> {
  /** How long a worker that failed a request whole ranks after the others. */
  static final Duration SET_ASIDE = Duration.ofMinutes(1);
  private static final long SET_ASIDE_RANK = 1L << 40;
  private static final long AVOID_RANK = 1L << 50;

  private volatile List<ActorRef<T>> workers = List.of();
  private final Map<ActorRef<T>, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<ActorRef<T>, Long> setAsideUntil = new ConcurrentHashMap<>();
  /** Workers seen to stop, kept out while a listing still names them (listings lag the cluster). */
  private final Set<ActorRef<T>> stopped = ConcurrentHashMap.newKeySet();
  private final AtomicInteger rotation = new AtomicInteger();
  private final LongSupplier nanoClock;

  public WorkerPool() {
    this(System::nanoTime);
  }

  /** A pool reading time from {@code nanoClock} (as {@link System#nanoTime}); for tests. */
  WorkerPool(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Replaces the members (from a Receptionist listing), but those seen to stop. */
  public synchronized void update(Set<ActorRef<T>> current) {
    stopped.retainAll(current);
    List<ActorRef<T>> sorted = new ArrayList<>(current);
    sorted.removeAll(stopped);
    sorted.sort(Comparator.comparing(ref -> ref.path().toString()));
    workers = List.copyOf(sorted);
    inFlight.keySet().retainAll(current);
    setAsideUntil.keySet().retainAll(current);
  }

  /**
   * {@code worker} failed a request whole (its node could not run the oracle, say): for {@link #SET_ASIDE} it is
   * chosen only when every other worker is set aside too or avoided. A worker that comes back (a restarted node) is
   * a new member and starts afresh.
   */
  public void setAside(ActorRef<T> worker) {
    setAsideUntil.put(worker, nanoClock.getAsLong() + SET_ASIDE.toNanos());
  }

  /**
   * {@code worker} stopped (its node left or died): it leaves the pool now, and stays out while listings still name
   * it, so that requests sent again go to a live worker, or wait for one, instead of to it. (A worker's reference
   * names one incarnation: a restarted node's workers are new members.)
   */
  public synchronized void stopped(ActorRef<T> worker) {
    stopped.add(worker);
    workers = workers.stream().filter(w -> !w.equals(worker)).toList();
    inFlight.remove(worker);
    setAsideUntil.remove(worker);
  }

  public int size() {
    return workers.size();
  }

  /** The workers in the pool now. */
  public List<ActorRef<T>> members() {
    return workers;
  }

  /** A worker with the fewest units in flight, other than {@code avoid} when there is a choice; counts one unit. */
  public Optional<ActorRef<T>> acquire(ActorRef<T> avoid) {
    return acquire(avoid, 1);
  }

  /** A worker with the fewest units in flight, other than {@code avoid} when there is a choice; counts {@code units}. */
  public Optional<ActorRef<T>> acquire(ActorRef<T> avoid, int units) {
    List<ActorRef<T>> members = workers;
    if (members.isEmpty()) {
      return Optional.empty();
    }
    ActorRef<T> best = leastLoaded(members, avoid, Map.of());
    count(best, units);
    return Optional.of(best);
  }

  /** One worker's share of a {@link #spread} request: the groups it takes, by index, and their units. */
  public record Share<T>(ActorRef<T> worker, List<Integer> groups, int units) {}

  /**
   * Shares a request's groups of units among the workers, one group at a time, each whole to the worker with the
   * fewest units in flight counting the shares given so far: idle workers take a part, a busy one less or none,
   * and with one worker it takes all. (A score request's groups are its designs, those of one key together.) Each
   * share is counted until released. Empty when no worker is known.
   */
  public List<Share<T>> spread(List<Integer> groupUnits) {
    List<ActorRef<T>> members = workers;
    if (members.isEmpty() || groupUnits.isEmpty()) {
      return List.of();
    }
    Map<ActorRef<T>, Integer> units = new LinkedHashMap<>();
    Map<ActorRef<T>, List<Integer>> groups = new LinkedHashMap<>();
    for (int g = 0; g < groupUnits.size(); g++) {
      ActorRef<T> worker = leastLoaded(members, null, units);
      units.merge(worker, groupUnits.get(g), Integer::sum);
      groups.computeIfAbsent(worker, w -> new ArrayList<>()).add(g);
    }
    List<Share<T>> result = new ArrayList<>();
    units.forEach((worker, n) -> {
      count(worker, n);
      result.add(new Share<>(worker, List.copyOf(groups.get(worker)), n));
    });
    return List.copyOf(result);
  }

  public void release(ActorRef<T> worker) {
    release(worker, 1);
  }

  public void release(ActorRef<T> worker, int units) {
    AtomicInteger n = inFlight.get(worker);
    if (n != null) {
      n.updateAndGet(v -> Math.max(0, v - units));
    }
  }

  /**
   * The member with the least load plus {@code pending}, rotating among equals; one set aside only when every other
   * is too, {@code avoid} only when alone.
   */
  private ActorRef<T> leastLoaded(List<ActorRef<T>> members, ActorRef<T> avoid, Map<ActorRef<T>, Integer> pending) {
    int start = Math.floorMod(rotation.getAndIncrement(), members.size());
    long now = nanoClock.getAsLong();
    ActorRef<T> best = null;
    long bestLoad = Long.MAX_VALUE;
    for (int i = 0; i < members.size(); i++) {
      ActorRef<T> candidate = members.get((start + i) % members.size());
      long load = load(candidate) + pending.getOrDefault(candidate, 0)
          + (isSetAside(candidate, now) ? SET_ASIDE_RANK : 0L)
          + (candidate.equals(avoid) && members.size() > 1 ? AVOID_RANK : 0L);
      if (load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }
    return best;
  }

  private boolean isSetAside(ActorRef<T> worker, long now) {
    Long until = setAsideUntil.get(worker);
    if (until == null) {
      return false;
    }
    if (now - until < 0) {
      return true;
    }
    setAsideUntil.remove(worker, until);
    return false;
  }

  private void count(ActorRef<T> worker, int units) {
    inFlight.computeIfAbsent(worker, k -> new AtomicInteger()).addAndGet(units);
  }

  /** Units from this node in flight at {@code worker}. */
  public int load(ActorRef<T> worker) {
    AtomicInteger n = inFlight.get(worker);
    return n == null ? 0 : n.get();
  }
}
