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

  /**
   * Refuses a split the model card cannot be written from: nothing to train on, or no held-out record for its
   * held-out likelihood, judge and reference figures (a small data set, or --held-out 0).
   */
  static void checkSplit(String what, int train, int heldOut, double heldOutFraction, java.util.List<?> data) {
    String files = data.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "));
    if (train == 0) {
      throw new IllegalArgumentException("no " + what + " of " + files + " is left to train on");
    }
    if (heldOut == 0) {
      throw new IllegalArgumentException("--held-out " + heldOutFraction + " holds out no " + what + " of " + files
          + ", and the model card's held-out figures need at least one: give more data or a larger --held-out");
    }
  }
}
