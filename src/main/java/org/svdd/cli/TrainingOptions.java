package org.svdd.cli;

/** The training options every train command shares, refused one by one with their values before any work. */
final class TrainingOptions {
  private TrainingOptions() {}

  static void check(int epochs, int batchSize, float learningRate) {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("--lr must be a positive number, got " + learningRate);
    }
  }
}
