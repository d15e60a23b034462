package org.svdd.model;

/**
 * @param epochs passes over the training set
 * @param batchSize sequences per optimiser step
 * @param learningRate Adam step size
 * @param seed seeds the network initialisation, the shuffles and the masking
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, long seed) {
  public TrainingSettings {
    if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException("epochs, batch size and learning rate must be positive: " + this);
    }
  }
}
