package org.svdd.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressState;

/**
 * A progress bar's time left from its recent rate, not from its mean rate since it began. Work whose cost changes
 * part-way is common here: Best-of-N denoises its N·M samples in seconds and then docks them for minutes; SVDD
 * with {@code --guide-last} takes cheap unguided steps, then slow guided ones. The mean rate would promise seconds
 * for minutes of such work; the rate over the last {@link #WINDOW} follows the slow part once it has run that long.
 *
 * <p>The rate is measured from the older of two points: the count at the window's start, and the count
 * {@link #ADVANCES} advances ago, so that work advancing less often than the window (an epoch, a docking step)
 * is timed over its last few advances rather than over none. A bar that stands still sees its rate fall, and its
 * time left grow, for as long as it stands. Before its first advance it has no time left to show.
 */
final class RecentRate implements Function<ProgressState, Optional<Duration>> {
  /** How far back the rate looks, at least. */
  static final Duration WINDOW = Duration.ofSeconds(30);
  /** How many advances back the rate looks, at least. */
  static final int ADVANCES = 8;

  private final LongSupplier nanoTime;
  /** {nanos, count} at each advance seen, oldest first; the oldest kept are those the rate may still start from. */
  private final List<long[]> seen = new ArrayList<>();

  RecentRate(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The time left of the bar's state, as the library asks at each render. */
  @Override
  public synchronized Optional<Duration> apply(ProgressState state) {
    if (state.isIndefinite() || state.getMax() <= 0) {
      return Optional.empty();
    }
    long now = nanoTime.getAsLong();
    if (seen.isEmpty()) {
      // a bar for work under way (svdd watch joining a running job) counts from the work's start, with nothing done
      long began = now - state.getElapsedAfterStart().toNanos();
      if (!state.getElapsedBeforeStart().isZero() && state.getStart() > 0) {
        began(began - state.getElapsedBeforeStart().toNanos(), 0);
      }
      began(began, state.getStart());
    }
    return timeLeft(state.getCurrent(), state.getMax(), now);
  }

  /** The work stood at {@code count} at {@code nanos}: where the rate may start from until advances come. */
  synchronized void began(long nanos, long count) {
    seen.add(new long[] {nanos, count});
  }

  /** Time left for the rest of {@code max}, {@code current} done at {@code now} (nanos); empty before any advance. */
  synchronized Optional<Duration> timeLeft(long current, long max, long now) {
    long[] last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
    if (last == null || current < last[1]) {
      seen.clear(); // counted anew (a bar moved back): the earlier rate says nothing about this count
      seen.add(new long[] {now, current});
      return Optional.empty();
    }
    if (current > last[1]) {
      seen.add(new long[] {now, current});
    }
    long windowStart = now - WINDOW.toNanos();
    // keep the last advance at or before the window's start, and the ADVANCES + 1 newest
    while (seen.size() > ADVANCES + 1 && seen.get(1)[0] <= windowStart) {
      seen.remove(0);
    }
    if (current >= max) {
      return Optional.of(Duration.ZERO);
    }
    long[] from = seen.get(0); // all there is, when it began within the window
    if (from[0] <= windowStart) {
      long[] atWindowStart = {windowStart, from[1]};
      for (long[] s : seen) {
        if (s[0] <= windowStart) {
          atWindowStart[1] = s[1];
        }
      }
      long[] byAdvances = seen.get(Math.max(0, seen.size() - 1 - ADVANCES));
      from = byAdvances[0] < windowStart ? byAdvances : atWindowStart;
    }
    long done = current - from[1];
    if (done <= 0 || now <= from[0]) {
      return Optional.empty();
    }
    double nanosPerUnit = (double) (now - from[0]) / done;
    return Optional.of(Duration.ofNanos(Math.round(nanosPerUnit * (max - current))));
  }
}
