package org.svdd.cluster;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A FIFO queue per key (a job) polled round-robin, one item per key in turn, so that a job with
 * thousands of queued rows cannot hold back a job with a few: each gets an equal share of every pass.
 * Within a key, items leave in the order they came. Not thread-safe: one actor owns it.
 */
final class FairQueue<T> {
  private final Map<String, ArrayDeque<T>> byKey = new HashMap<>();
  /** Keys with queued items, the one whose turn it is first. */
  private final ArrayDeque<String> turns = new ArrayDeque<>();
  private int size;

  void add(String key, T item) {
    byKey.computeIfAbsent(key, k -> {
      turns.addLast(k);
      return new ArrayDeque<>();
    }).add(item);
    size++;
  }

  /** The oldest item of the key whose turn it is (that key then goes last); null when empty. */
  T poll() {
    String key = turns.pollFirst();
    if (key == null) {
      return null;
    }
    ArrayDeque<T> queue = byKey.get(key);
    T item = queue.poll();
    if (queue.isEmpty()) {
      byKey.remove(key);
    } else {
      turns.addLast(key);
    }
    size--;
    return item;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Items queued under {@code key}. */
  int size(String key) {
    ArrayDeque<T> q = byKey.get(key);
    return q == null ? 0 : q.size();
  }

  /** Drops every item queued under {@code key}; how many there were. */
  int remove(String key) {
    ArrayDeque<T> queue = byKey.remove(key);
    if (queue == null) {
      return 0;
    }
    turns.remove(key);
    size -= queue.size();
    return queue.size();
  }

  /** Keys with queued items. */
  int keys() {
    return byKey.size();
  }

  /** The oldest item of each key. */
  Stream<T> heads() {
    return byKey.values().stream().map(ArrayDeque::peek);
  }

  Stream<T> all() {
    return byKey.values().stream().flatMap(ArrayDeque::stream);
  }
}
