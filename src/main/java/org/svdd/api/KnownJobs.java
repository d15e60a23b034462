package org.svdd.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.svdd.store.StoredJob;

/**
 * The jobs an api node holds records of, in memory: the unfinished jobs it follows (holds the lease of), the jobs
 * other nodes follow that someone watches here (their state read from the store), and the last jobs seen to end
 * here. Any job beyond these is read from the store when asked for. Thread-safe.
 */
final class KnownJobs {
  private final Map<String, JobRecord> followed = new ConcurrentHashMap<>();
  private final Map<String, JobRecord> elsewhere = new ConcurrentHashMap<>();
  private final Cache<String, JobRecord> ended = Caffeine.newBuilder().maximumSize(1024).build();

  /** The record this node holds of a job, if any (null otherwise): followed here, watched here, or seen ending here. */
  JobRecord get(String id) {
    JobRecord record = followed.get(id);
    if (record == null) {
      record = elsewhere.get(id);
    }
    return record != null ? record : ended.getIfPresent(id);
  }

  /** Follows a job submitted here. */
  void follow(String id, JobRecord record) {
    followed.put(id, record);
  }

  /**
   * Follows a stored job this node now holds the lease of, with the record its watchers here already hold. Atomic with
   * {@link #forWatching}: a watcher that arrives as the job is taken over is on the record followed.
   */
  synchronized JobRecord takeOver(StoredJob stored) {
    JobRecord watched = elsewhere.remove(stored.id());
    JobRecord record = watched != null ? watched : new JobRecord(StoredStatus.of(stored).build(), 0, stored.client());
    followed.put(stored.id(), record);
    return record;
  }

  boolean follows(String id) {
    return followed.containsKey(id);
  }

  Set<String> followedIds() {
    return Set.copyOf(followed.keySet());
  }

  /** Stops following a job that was never stored (its submission failed). */
  void drop(String id) {
    followed.remove(id);
  }

  /**
   * Stops following a job another node took over; its watchers here go on, reading the store. Whether this node
   * followed it.
   */
  synchronized boolean handOver(String id) {
    JobRecord lost = followed.remove(id);
    if (lost != null) {
      elsewhere.put(id, lost);
    }
    return lost != null;
  }

  /**
   * The record a watcher of an unfinished job attaches to: the one this node holds (followed, watched, or seen ending),
   * else {@code fromStore}, held from now on as a job another node follows. Atomic with {@link #takeOver}, so that a
   * watcher never attaches to a record read from the store while the job becomes followed here (it would hear nothing
   * more).
   */
  synchronized JobRecord forWatching(String id, JobRecord fromStore) {
    JobRecord held = get(id);
    if (held != null) {
      return held;
    }
    elsewhere.put(id, fromStore);
    return fromStore;
  }

  /** The jobs other nodes follow that are watched here. */
  List<Map.Entry<String, JobRecord>> watchedElsewhere() {
    return List.copyOf(elsewhere.entrySet());
  }

  /** Stops reading the store for a job followed elsewhere that has ended. */
  synchronized void endedElsewhere(String id) {
    elsewhere.remove(id);
  }

  /** A followed job's end: its record is kept among the last ended. */
  synchronized void ended(String id, JobRecord record) {
    ended.put(id, record);
    followed.remove(id);
  }

  /** Every record of an unfinished job someone watches here. */
  List<JobRecord> watched() {
    return Stream.concat(followed.values().stream(), elsewhere.values().stream()).filter(JobRecord::watched).toList();
  }

  /** Forgets an ended job (deleted). */
  void forget(String id) {
    ended.invalidate(id);
  }
}
