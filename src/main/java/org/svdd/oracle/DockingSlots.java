package org.svdd.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Docking slots sharing one queue of prepared ligands. Each slot runs one Vina process at a time over its
 * fair share of the queue, at most {@code batch} ligands against one receptor grid ({@link VinaRun}); a slot
 * that finds the queue empty takes the tail another slot's Vina has not reached rather than idle. While
 * ligands are still being prepared, a free slot waits up to {@code linger} for a fuller share. While every
 * slot is busy, a ligand prepared takes an open seat of a running Vina (the one with least left to dock)
 * instead of waiting for a grid of its own: work that arrives a little at a time, as one particle's children
 * after another's, is docked in runs as long as work that arrives at once. A ligand whose Vina crashes is
 * docked again up to {@code retries} times, then answered as failed; one whose dock overruns is answered as failed
 * at once (the seeded search would do the same work again).
 */
final class DockingSlots implements AutoCloseable {
  /**
   * A molecule prepared for docking: its PDBQT file (moved when seated in a run or handed over), the folder it
   * was prepared in (its home, gone once it is answered), and who waits for its dock.
   */
  static final class Ligand {
    private final CompletableFuture<VinaOracle.Dock> answer;
    private final double prepSeconds;
    private final Path prepared;
    private volatile Path file;
    private int attempts;
    private double vinaSeconds;

    Ligand(Path file, CompletableFuture<VinaOracle.Dock> answer, double prepSeconds) {
      this.file = file;
      this.prepared = file;
      this.answer = answer;
      this.prepSeconds = prepSeconds;
    }

    Path file() {
      return file;
    }

    Path home() {
      return prepared.getParent();
    }

    void moveTo(Path moved) {
      file = moved;
    }

    /** Back in its home under the name it was prepared with, from a seat of a run that did not answer it. */
    void goHome() {
      if (!file.getParent().equals(home())) {
        try {
          file = Files.move(file, prepared, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          // its run's folder is about to go: docking it again fails and says why
        }
      }
    }

    CompletableFuture<VinaOracle.Dock> answer() {
      return answer;
    }
  }

  /** What an answered dock says: the reward of an affinity, or why the ligand could not be docked. */
  interface Answers {
    VinaOracle.Dock docked(double affinity, String pose, double seconds);

    /** @param worthRetrying false when docking it again would end the same (an overrun) */
    VinaOracle.Dock failed(String reason, int attempts, double seconds, boolean worthRetrying);
  }

  private final int slots;
  private final int batch;
  private final int retries;
  private final long lingerNanos;
  /** A run of the given ligands with seats up to the batch. */
  private final java.util.function.BiFunction<List<Ligand>, Integer, VinaRun> newRun;
  private final Answers answers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Deque<Ligand> queue = new ArrayDeque<>();
  private final List<VinaRun> running = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final java.util.concurrent.atomic.DoubleAdder vinaSeconds = new java.util.concurrent.atomic.DoubleAdder();
  private int preparing;

  DockingSlots(String name, int slots, int batch, int retries, java.time.Duration linger,
      java.util.function.BiFunction<List<Ligand>, Integer, VinaRun> newRun, Answers answers) {
    this.slots = slots;
    this.batch = batch;
    this.retries = retries;
    this.lingerNanos = linger.toNanos();
    this.newRun = newRun;
    this.answers = answers;
    for (int i = 0; i < slots; i++) {
      Thread t = ProcessPool.daemon(name).newThread(this::serve);
      threads.add(t);
      t.start();
    }
  }

  /** A ligand will be offered soon (or {@link #abandon}ed): free slots may wait for it to fill their share. */
  void expect() {
    withLock(() -> preparing++);
  }

  /** An expected ligand will not come (invalid molecule, cancelled, failed preparation). */
  void abandon() {
    withLock(() -> preparing--);
  }

  /** An expected ligand, ready to dock. */
  void offer(Ligand ligand) {
    withLock(() -> {
      preparing--;
      queue.addLast(ligand);
      seatWaiting();
    });
  }

  /**
   * With every slot busy, seats queued ligands in order in running Vinas, the one with least left to dock
   * first. Under the lock.
   */
  private void seatWaiting() {
    if (running.size() < slots) {
      return;
    }
    queue.removeIf(l -> l.answer.isDone());
    List<VinaRun> bySoonest = new ArrayList<>(running);
    bySoonest.sort(java.util.Comparator.comparingInt(VinaRun::ahead));
    while (!queue.isEmpty()) {
      Ligand next = queue.peekFirst();
      if (bySoonest.stream().noneMatch(r -> r.seat(next))) {
        return;
      }
      queue.pollFirst();
      bySoonest.sort(java.util.Comparator.comparingInt(VinaRun::ahead));
    }
  }

  /**
   * Runs {@code cancels} (cancelling ligands' answers) with no run started meanwhile: a slot whose Vina is killed
   * for the first cancelled ligand takes its next run only once all of them are cancelled, so none of theirs.
   */
  void together(Runnable cancels) {
    withLock(cancels);
  }

  /** Vina processes started so far. */
  long runs() {
    return runs.get();
  }

  /**
   * Seconds Vina spent on the ligands answered or retried so far, grids included: what kept the slots busy
   * (a ligand's preparation runs beside them and is not counted).
   */
  double vinaSeconds() {
    return vinaSeconds.sum();
  }

  /** Crashed or overrun docks so far (a crashed one docked again while retries last). */
  long failures() {
    return failures.get();
  }

  /** The slots, and those running a Vina now. */
  org.svdd.core.reward.RewardOracle.Slots slots() {
    lock.lock();
    try {
      return new org.svdd.core.reward.RewardOracle.Slots(running.size(), slots);
    } finally {
      lock.unlock();
    }
  }

  private void serve() {
    try {
      while (true) {
        VinaRun run = take();
        runs.incrementAndGet();
        List<Ligand> retry = new ArrayList<>();
        List<Ligand> back = run.run(listener(retry));
        withLock(() -> {
          running.remove(run);
          // the blamed go first: a crash right after a ligand's result is blamed on the next one, which then
          // docks first, where only its own crash can blame it
          toFront(back);
          toFront(retry);
        });
      }
    } catch (InterruptedException e) {
      // closing: the oracle answers what is left
    }
  }

  /** Answers a run's ligands; those to dock again are collected in {@code retry}. */
  private VinaRun.Listener listener(List<Ligand> retry) {
    return new VinaRun.Listener() {
      @Override
      public void docked(Ligand l, double affinity, String pose, double seconds) {
        vinaSeconds.add(seconds);
        l.answer.complete(answers.docked(affinity, pose, l.prepSeconds + l.vinaSeconds + seconds));
      }

      @Override
      public void failed(Ligand l, String reason, double seconds, boolean worthRetrying) {
        failures.incrementAndGet();
        vinaSeconds.add(seconds);
        l.vinaSeconds += seconds;
        l.attempts++;
        if (l.attempts > retries || !worthRetrying) {
          l.answer.complete(answers.failed(reason, l.attempts, l.prepSeconds + l.vinaSeconds, worthRetrying));
        } else {
          retry.add(l);
        }
      }

      @Override
      public void handedBack(List<Ligand> ligands) {
        withLock(() -> {
          toFront(ligands);
          seatWaiting();
        });
      }
    };
  }

  /** This slot's next run: its share of the queue, else the tail of another slot's run; waits for either. */
  private VinaRun take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long lingerUntil = 0;
      while (true) {
        queue.removeIf(l -> l.answer.isDone());
        int idle = slots - running.size();
        int share = Math.min(batch, ceilDiv(queue.size() + preparing, idle));
        if (!queue.isEmpty() && queue.size() < share) {
          lingerUntil = lingerUntil == 0 ? System.nanoTime() + lingerNanos : lingerUntil;
          long left = lingerUntil - System.nanoTime();
          if (left > 0) {
            changed.awaitNanos(left);
            continue;
          }
        }
        List<Ligand> mine = new ArrayList<>();
        while (!queue.isEmpty() && mine.size() < Math.max(1, share)) {
          mine.add(queue.pollFirst());
        }
        for (int i = 0; mine.isEmpty() && i < running.size(); i++) {
          mine = running.get(i).stealTail();
        }
        if (!mine.isEmpty()) {
          try {
            VinaRun run = newRun.apply(mine, Math.max(batch, mine.size()));
            running.add(run);
            seatWaiting();
            return run;
          } catch (RuntimeException e) {
            mine.forEach(l -> l.answer.complete(answers.failed(e.getMessage(), l.attempts, l.prepSeconds, true)));
            continue;
          }
        }
        lingerUntil = 0;
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops every slot, killing its Vina; the oracle answers the ligands left. */
  @Override
  public void close() {
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Puts {@code ligands} at the head of the queue in their order, before what was there. Under the lock. */
  private void toFront(List<Ligand> ligands) {
    for (int i = ligands.size() - 1; i >= 0; i--) {
      queue.addFirst(ligands.get(i));
    }
  }

  private void withLock(Runnable r) {
    lock.lock();
    try {
      r.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / Math.max(1, b);
  }
}
