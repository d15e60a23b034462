package org.svdd.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The workers of one kind that this node knows of, anywhere in the cluster, with the requests this
 * node has outstanding at each. Routing is load-aware: {@link #acquire} picks a worker with the fewest
 * requests in flight (rotating among equals) and counts the request until {@link #release}. Shared by
 * the particles of every job on the node, so it is thread-safe; the Receptionist listing replaces the
 * members as nodes come and go.
 */
public final class WorkerPool<T> {
  private volatile List<ActorRef<T>> workers = List.of();
  private final Map<ActorRef<T>, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger rotation = new AtomicInteger();

  /** Replaces the members (from a Receptionist listing). */
  public void update(Set<ActorRef<T>> current) {
    List<ActorRef<T>> sorted = new ArrayList<>(current);
    sorted.sort(Comparator.comparing(ref -> ref.path().toString()));
    workers = List.copyOf(sorted);
    inFlight.keySet().retainAll(current);
  }

  public int size() {
    return workers.size();
  }

  /** A worker with the fewest requests in flight, other than {@code avoid} when there is a choice. */
  public Optional<ActorRef<T>> acquire(ActorRef<T> avoid) {
    List<ActorRef<T>> members = workers;
    if (members.isEmpty()) {
      return Optional.empty();
    }
    int start = Math.floorMod(rotation.getAndIncrement(), members.size());
    ActorRef<T> best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (int i = 0; i < members.size(); i++) {
      ActorRef<T> candidate = members.get((start + i) % members.size());
      int load = load(candidate) + (candidate.equals(avoid) && members.size() > 1 ? Integer.MAX_VALUE / 2 : 0);
      if (load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }
    inFlight.computeIfAbsent(best, k -> new AtomicInteger()).incrementAndGet();
    return Optional.of(best);
  }

  public void release(ActorRef<T> worker) {
    AtomicInteger n = inFlight.get(worker);
    if (n != null) {
      n.updateAndGet(v -> Math.max(0, v - 1));
    }
  }

  /** Requests from this node in flight at {@code worker}. */
  public int load(ActorRef<T> worker) {
    AtomicInteger n = inFlight.get(worker);
    return n == null ? 0 : n.get();
  }
}
