package org.svdd.cluster;

/**
 * How fast requests reach a denoise worker: the mean gap between them and their mean size, weighted
 * toward recent ones (the newest counts a fifth). It says how long the next rows are expected to take,
 * so that a partly filled pass waits only for company that is coming. Pure: the caller gives the clock.
 */
final class ArrivalRate {
  /** Slack on the silence rule, so that a gap a little over the mean is not taken for the end. */
  static final long SLACK_NANOS = 1_000_000;
  private long lastNanos;
  private double meanGapNanos = -1;
  private double meanRows = -1;

  /** A request of {@code rows} rows arrived at {@code now}. */
  void note(long now, int rows) {
    if (meanRows >= 0) {
      double gap = now - lastNanos;
      meanGapNanos = meanGapNanos < 0 ? gap : 0.8 * meanGapNanos + 0.2 * gap;
    }
    meanRows = meanRows < 0 ? rows : 0.8 * meanRows + 0.2 * rows;
    lastNanos = now;
  }

  /**
   * Expected nanoseconds per next row at {@code now}: 0 before two requests have been seen (assume company
   * comes), the maximum once the silence since the last request exceeds twice the usual gap (assume none
   * comes), else the mean gap over the mean request size.
   */
  long nanosPerRow(long now) {
    if (meanGapNanos < 0) {
      return 0;
    }
    if (now - lastNanos > 2 * meanGapNanos + SLACK_NANOS) {
      return Long.MAX_VALUE;
    }
    return (long) (meanGapNanos / meanRows);
  }
}
