package org.svdd.cli;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on standard error, so standard output stays clean for results. System property {@code svdd.progress}
 * (bin/svdd sets it from {@code SVDD_PROGRESS}, by default from whether standard error is a terminal) picks the
 * form: {@code bars} redraws one line in place, {@code lines} writes a plain line every {@link #LINE_INTERVAL} and
 * one at the end of each phase (for logs and CI), {@code off} writes nothing.
 */
final class Progress {
  /** How long a {@link Delayed} phase runs before its bar shows. */
  static final long DELAY_MILLIS = 1_000;

  /** How often {@code lines} progress writes a phase's line while the phase runs. */
  static final java.time.Duration LINE_INTERVAL = java.time.Duration.ofSeconds(30);

  /** The forms of progress {@code svdd.progress} can name. */
  static final List<String> STYLES = List.of("bars", "lines", "off");

  /** The form of progress that {@code svdd.progress} names; fails naming the allowed ones for any other. */
  static String style() {
    String style = System.getProperty("svdd.progress", "bars").strip().toLowerCase(java.util.Locale.ROOT);
    if (!STYLES.contains(style)) {
      throw new IllegalArgumentException("progress style (SVDD_PROGRESS, or -Dsvdd.progress) must be one of "
          + String.join(", ", STYLES) + ", got '" + System.getProperty("svdd.progress") + "'");
    }
    return style;
  }

  private Progress() {}

  static ProgressBar bar(String task, long total) {
    return bar(task, total, 0, java.time.Duration.ZERO);
  }

  /** A bar for work already under way: {@code done} of {@code total} in {@code elapsed}, for its rate and time left. */
  static ProgressBar bar(String task, long total, long done, java.time.Duration elapsed) {
    FirstRender consumer = new FirstRender(consumer());
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .startsFrom(done, elapsed)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(consumer)
        .setUpdateIntervalMillis(250)
        // time left from the recent rate: Best-of-N's bar would otherwise promise seconds while it docks for minutes
        .setEtaFunction(new RecentRate(System::nanoTime))
        // renders while nothing moves too: a step that waits minutes for docks shows its clock running (and a log
        // its line every interval), not a frozen bar
        .continuousUpdate()
        .build();
    consumer.awaitFirst();
    return bar;
  }

  /**
   * Passes renders on and lets {@link #bar} wait for the first. The library ends a bar's line (its last render,
   * then the consumer's close) only if its periodic update has run once; a bar closed before that would leave
   * its line unfinished, or in a log unwritten.
   */
  private static final class FirstRender implements ProgressBarConsumer {
    private final ProgressBarConsumer next;
    private final java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);

    FirstRender(ProgressBarConsumer next) {
      this.next = next;
    }

    void awaitFirst() {
      try {
        first.await(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void accept(String rendered) {
      next.accept(rendered);
      first.countDown();
    }

    @Override
    public int getMaxRenderedLength() {
      return next.getMaxRenderedLength();
    }

    @Override
    public void clear() {
      next.clear();
    }

    @Override
    public void close() {
      next.close();
    }
  }

  private static ProgressBarConsumer consumer() {
    return switch (style()) {
      case "lines" -> new ProgressLines(System.err, LINE_INTERVAL.toNanos(), System::nanoTime);
      case "off" -> new DelegatingProgressBarConsumer(rendered -> { });
      default -> new ConsoleProgressBarConsumer(System.err);
    };
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
    private final long began = System.nanoTime();
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
        // counted from the phase's start, not the bar's, so its elapsed time and rate are the phase's
        bar = bar(task, total, done.get(), java.time.Duration.ofNanos(System.nanoTime() - began));
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
