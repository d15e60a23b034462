package org.svdd.model;

/** The micro-batch shapes a denoiser runs: powers of two between its smallest and its configured one. */
final class Shapes {
  private Shapes() {}

  /** The smallest shape that holds a job's rows per round, within [smallest, largest]. */
  static int forJob(int jobRows, int smallest, int largest) {
    int shape = smallest;
    while (shape < jobRows && shape < largest) {
      shape *= 2;
    }
    return Math.min(shape, largest);
  }

  static void check(int microBatch, int smallest, int largest) {
    if (microBatch < smallest || microBatch > largest) {
      throw new IllegalArgumentException("micro-batch of " + microBatch + " rows: this denoiser runs "
          + smallest + " to " + largest);
    }
  }
}
