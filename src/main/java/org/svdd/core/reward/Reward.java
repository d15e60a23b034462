package org.svdd.core.reward;

/**
 * The score of one clean design. {@code detail} carries what the oracle found besides the number
 * (for RNA folding, the MFE structure in dot-bracket); empty when there is nothing to add.
 */
public record Reward(double value, String detail) {

  public Reward {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("a reward must be a number, got NaN");
    }
    detail = detail == null ? "" : detail;
  }
}
