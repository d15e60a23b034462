package org.svdd.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on standard error, so standard output stays clean for results. */
final class Progress {
  /** How long a {@link Delayed} phase runs before its bar shows. */
  static final long DELAY_MILLIS = 1_000;

  private Progress() {}

  static ProgressBar bar(String task, long total) {
    return bar(task, total, 0, java.time.Duration.ZERO);
  }

  /** A bar for work already under way: {@code done} of {@code total} in {@code elapsed}, for its rate and time left. */
  static ProgressBar bar(String task, long total, long done, java.time.Duration elapsed) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .startsFrom(done, elapsed)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(250)
        .build();
  }

  /** A bar that shows only once its phase has run {@link #DELAY_MILLIS}: quick phases print nothing. */
  static Delayed delayed(String task, long total) {
    return new Delayed(task, total, DELAY_MILLIS);
  }

  /** A phase's progress, counted from any thread; its bar appears after a delay, if the phase is still running. */
  static final class Delayed implements AutoCloseable {
    private final String task;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "svdd-progress");
      t.setDaemon(true);
      return t;
    });
    private ProgressBar bar;
    private boolean closed;

    Delayed(String task, long total, long delayMillis) {
      this.task = task;
      this.total = total;
      timer.schedule(this::show, delayMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void show() {
      if (!closed) {
        bar = bar(task, total);
        bar.stepTo(done.get());
      }
    }

    /** {@code count} units of the phase are done, in all. */
    void doneSoFar(long count) {
      done.accumulateAndGet(count, Math::max);
      update();
    }

    /** {@code count} more units of the phase are done. */
    void stepBy(long count) {
      done.addAndGet(count);
      update();
    }

    private synchronized void update() {
      if (bar != null) {
        bar.stepTo(done.get());
      }
    }

    /** Whether the bar has shown. */
    synchronized boolean shown() {
      return bar != null;
    }

    @Override
    public synchronized void close() {
      closed = true;
      timer.shutdownNow();
      if (bar != null) {
        bar.stepTo(done.get());
        bar.close();
      }
    }
  }
}
