package org.svdd.oracle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reward archive that steps aside while its database fails (a full disk, a database restarting). A lookup or save
 * that fails, after the job store's own wait for a connection, pauses it for {@link #PAUSE}: lookups then find
 * nothing at once and saves are held in memory (up to {@link #MAX_HELD} answers), so jobs score on at full speed
 * instead of waiting out every lookup. The first call after the pause asks the database again; once it answers,
 * what was held is saved. One warning when it steps aside, one when it is back. Closed (a one-shot run ends, a node
 * stops), it asks the database once more for what it still holds, and says how many answers are lost if it fails.
 */
public final class PausingArchive implements RewardArchive, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PausingArchive.class);
  public static final Duration PAUSE = Duration.ofSeconds(30);
  static final int MAX_HELD = 100_000;

  private final RewardArchive archive;
  private final long pauseNanos;
  private final LongSupplier nanoClock;
  // guarded by this
  private boolean down;
  private long retryAt;
  private final Map<String, Map<String, Reward>> held = new LinkedHashMap<>();
  private int heldCount;
  private long dropped;

  public PausingArchive(RewardArchive archive) {
    this(archive, PAUSE, System::nanoTime);
  }

  PausingArchive(RewardArchive archive, Duration pause, LongSupplier nanoClock) {
    this.archive = archive;
    this.pauseNanos = pause.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public Map<String, Reward> find(String oracle, Collection<String> designs) {
    if (!mayAsk()) {
      return Map.of();
    }
    try {
      Map<String, Reward> found = archive.find(oracle, designs);
      answered();
      return found;
    } catch (RuntimeException e) {
      failed(e, "lookup");
      return Map.of();
    }
  }

  @Override
  public void save(String oracle, Map<String, Reward> rewards) {
    if (!mayAsk()) {
      hold(oracle, rewards);
      return;
    }
    try {
      archive.save(oracle, rewards);
    } catch (RuntimeException e) {
      hold(oracle, rewards);
      failed(e, "save");
      return;
    }
    answered();
  }

  /** Answers held in memory while the archive is down. */
  synchronized int held() {
    return heldCount;
  }

  private synchronized boolean mayAsk() {
    return !down || nanoClock.getAsLong() - retryAt >= 0;
  }

  private void failed(RuntimeException e, String what) {
    Exiting.holdIfExiting(); // the database closed by the exit: nothing to say
    boolean first;
    synchronized (this) {
      first = !down;
      down = true;
      retryAt = nanoClock.getAsLong() + pauseNanos;
    }
    if (first) {
      LOG.warn("reward archive {} failed ({}); scoring without it, its answers held in memory, and asking it again "
          + "every {} s", what, oneLine(e),
          pauseNanos / 1_000_000_000L);
    }
  }

  /** The database answered: if it was down, save what was held meanwhile. */
  private void answered() {
    Held waiting;
    synchronized (this) {
      if (!down) {
        return;
      }
      down = false;
      waiting = takeHeld();
    }
    RuntimeException failure = saveAll(waiting.answers);
    if (failure != null) {
      synchronized (this) {
        dropped += waiting.dropped;
      }
      failed(failure, "save");
      return;
    }
    waiting.sayBack();
  }

  /**
   * Saves what is still held, asking the database once more even within a pause: the last chance for answers paid
   * for while it was down. Nothing is asked while the JVM is exiting on a signal (its database is closing too).
   */
  @Override
  public void close() {
    Held waiting;
    synchronized (this) {
      if (heldCount == 0 || Exiting.begun()) { // answers are dropped only once MAX_HELD are held
        return;
      }
      waiting = takeHeld();
    }
    RuntimeException failure = saveAll(waiting.answers);
    int unsaved = held();
    if (failure == null) {
      waiting.sayBack();
    } else {
      long lost = unsaved + waiting.dropped;
      LOG.warn("reward archive still fails ({}); {} oracle answer{} paid for while it was down {} not saved, and "
          + "will be paid for again when next asked", oneLine(failure), lost, lost == 1 ? "" : "s",
          lost == 1 ? "is" : "are");
    }
  }

  /** What was held, taken out; the caller saves it. */
  private Held takeHeld() {
    Held taken = new Held(new LinkedHashMap<>(held), dropped);
    held.clear();
    heldCount = 0;
    dropped = 0;
    return taken;
  }

  /** Saves each oracle's answers in turn; on the first failure holds what is not saved again and returns it. */
  private RuntimeException saveAll(Map<String, Map<String, Reward>> answers) {
    List<String> saved = new ArrayList<>();
    for (Map.Entry<String, Map<String, Reward>> entry : answers.entrySet()) {
      try {
        archive.save(entry.getKey(), entry.getValue());
        saved.add(entry.getKey());
      } catch (RuntimeException e) {
        answers.keySet().stream().filter(o -> !saved.contains(o)).forEach(o -> hold(o, answers.get(o)));
        return e;
      }
    }
    return null;
  }

  private static String oneLine(RuntimeException e) {
    return org.svdd.core.reward.Failures.describe(e).replaceAll("\\s*\\R\\s*", " ");
  }

  private record Held(Map<String, Map<String, Reward>> answers, long dropped) {
    /** A warning once these are saved, so that whoever saw the archive step aside sees it come back. */
    void sayBack() {
      int saved = answers.values().stream().mapToInt(Map::size).sum();
      LOG.warn("reward archive answers again; saved the {} answers held while it was down{}", saved,
          dropped == 0 ? "" : " (" + dropped + " more were not kept)");
    }
  }

  private synchronized void hold(String oracle, Map<String, Reward> rewards) {
    Map<String, Reward> mine = held.computeIfAbsent(oracle, o -> new HashMap<>());
    for (Map.Entry<String, Reward> r : rewards.entrySet()) {
      if (mine.containsKey(r.getKey())) {
        continue;
      }
      if (heldCount >= MAX_HELD) {
        dropped++;
        continue;
      }
      mine.put(r.getKey(), r.getValue());
      heldCount++;
    }
  }
}
