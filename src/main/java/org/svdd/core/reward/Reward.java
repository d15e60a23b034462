package org.svdd.core.reward;

/**
 * The score of one clean design. {@code detail} carries what the oracle found besides the number (for
 * RNA folding the MFE structure in dot-bracket; for docking the affinity; for an invalid molecule the
 * reason); empty when there is nothing to add. A {@code failed} reward is an oracle that could not answer
 * after its retries (a crash, a timeout): it scores 0 for now, but is never remembered, since asking
 * again may succeed.
 */
public record Reward(double value, String detail, boolean failed) {

  public Reward {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("a reward must be a number, got NaN");
    }
    detail = detail == null ? "" : detail;
  }

  public Reward(double value, String detail) {
    this(value, detail, false);
  }

  /** An oracle that could not answer: 0, with the reason. */
  public static Reward failed(String reason) {
    return new Reward(0, reason, true);
  }
}
