package org.svdd.core.reward;

import java.util.function.Function;
import org.svdd.core.diffusion.State;

/**
 * What makes two designs one to a reward's oracle: designs whose keys are equal get one answer, so they
 * need one call (two token strings of one molecule: its canonical SMILES). A reward node's cache keys its
 * answers this way; a node that shares one request among several reward nodes keeps each key's designs
 * together, so that they still cost one call.
 */
@FunctionalInterface
public interface DesignKeys {

  /** Designs are one only when equal. */
  DesignKeys IDENTITY = reward -> design -> design;

  /** The key of a design to {@code reward}'s oracle. */
  Function<State, ?> forReward(String reward);
}
