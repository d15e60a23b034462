package org.svdd.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * The jobs a worker heard withdrawn in the last {@link #WINDOW}, so that a request of one arriving after its
 * withdrawal (sent by a particle as its job ended, overtaken on the way) is answered Busy instead of run: no forward
 * pass or dock for a job no one waits on. Only for a while: a job run again under the same id (an api node that
 * missed the ending asks after its coordinator's {@link EndedJob#LINGER}) has its requests asked again after a
 * back-off, and taken once the window is over. "" is no job and is never remembered.
 */
final class RecentlyEnded {
  /** How long a withdrawn job's late requests are refused: late ones come within milliseconds. */
  static final Duration WINDOW = Duration.ofSeconds(10);
  private static final int MOST = 4096;

  private final Cache<String, Boolean> ended;

  RecentlyEnded() {
    this(Ticker.systemTicker());
  }

  /** Reading time from {@code ticker}; for tests. */
  RecentlyEnded(Ticker ticker) {
    ended = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(MOST).ticker(ticker).executor(Runnable::run)
        .build();
  }

  /** Job {@code job} was withdrawn now. */
  void add(String job) {
    ended.put(job, Boolean.TRUE);
  }

  /** Whether job {@code job} was withdrawn within the window. */
  boolean contains(String job) {
    return !job.isEmpty() && ended.getIfPresent(job) != null;
  }
}
