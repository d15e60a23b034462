package org.svdd.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets a warning of each kind through once per interval and counts the ones it holds back, so that an oracle failing
 * every request (a missing binary, a crashed pool) says so in a node's log without saying it for every particle.
 * Not thread-safe: one actor's.
 */
final class QuietWarnings {
  private final long intervalNanos;
  private final LongSupplier clock;
  private final Map<String, Kind> kinds = new HashMap<>();

  private static final class Kind {
    long lastSaid;
    int heldBack;
  }

  QuietWarnings(java.time.Duration interval, LongSupplier clock) {
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
  }

  /**
   * The line to log for this warning now, with how many of its kind were held back since the last one said; null
   * when one of its kind was said less than an interval ago (counted for the next).
   */
  String admit(String kind, String message) {
    long now = clock.getAsLong();
    Kind k = kinds.get(kind);
    if (k != null && now - k.lastSaid < intervalNanos) {
      k.heldBack++;
      return null;
    }
    if (k == null) {
      k = new Kind();
      kinds.put(kind, k);
    }
    int held = k.heldBack;
    k.lastSaid = now;
    k.heldBack = 0;
    return held == 0 ? message : message + " (and " + held + " more like it since the last said)";
  }
}
