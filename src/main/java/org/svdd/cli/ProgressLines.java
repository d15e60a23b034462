package org.svdd.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Progress as plain lines, for logs: the first once {@code intervalNanos} have passed since the bar began, then at
 * most one per interval, and the bar's last state when it closes (unless just written).
 */
final class ProgressLines implements ProgressBarConsumer {
  private final PrintStream out;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long lastWritten;
  private String latest;
  private String written;

  ProgressLines(PrintStream out, long intervalNanos, LongSupplier clock) {
    this.out = out;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.lastWritten = clock.getAsLong();
  }

  @Override
  public synchronized void accept(String rendered) {
    latest = rendered.strip();
    long now = clock.getAsLong();
    if (now - lastWritten >= intervalNanos) {
      write(now);
    }
  }

  /** Writes the latest render, unless it is the line last written (the library renders a closing bar twice). */
  private void write(long now) {
    if (latest != null && !latest.equals(written)) {
      out.println(latest);
      written = latest;
    }
    lastWritten = now;
  }

  @Override
  public int getMaxRenderedLength() {
    return WIDTH;
  }

  @Override
  public synchronized void close() {
    write(clock.getAsLong());
    out.flush();
  }

  /** Characters of a written line: a log is read in a wide window, not in the terminal that wrote it. */
  private static final int WIDTH = 110;
}
