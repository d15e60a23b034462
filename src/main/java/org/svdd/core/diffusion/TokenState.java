package org.svdd.core.diffusion;

import java.util.Arrays;

/** A sequence of token ids over a {@link Vocabulary}; may contain the mask and pad tokens. */
public record TokenState(int[] tokens) implements State {

  public TokenState {
    tokens = tokens.clone();
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  /** The token at a position, without copying the array. */
  public int at(int position) {
    return tokens[position];
  }

  @Override
  public int length() {
    return tokens.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenState other && Arrays.equals(tokens, other.tokens);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tokens);
  }

  @Override
  public String toString() {
    return "TokenState" + Arrays.toString(tokens);
  }
}
