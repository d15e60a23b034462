package org.svdd.model;

/**
 * @param epochs passes over the training set
 * @param batchSize sequences per optimiser step
 * @param learningRate Adam step size (the peak, with a schedule)
 * @param seed seeds the network initialisation, the shuffles and the masking
 * @param cosine warm up linearly over the first 5 % of steps, then decay along a cosine to 1 % of the
 *     peak (else a fixed rate)
 * @param emaDecay keep an exponential moving average of the weights with this decay per step and save it
 *     (0: save the last weights)
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, long seed, boolean cosine,
    double emaDecay) {
  public TrainingSettings(int epochs, int batchSize, float learningRate, long seed) {
    this(epochs, batchSize, learningRate, seed, false, 0);
  }

  public TrainingSettings {
    if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException("epochs, batch size and learning rate must be positive, got " + epochs
          + ", " + batchSize + " and " + learningRate);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new IllegalArgumentException("the EMA decay must lie in [0, 1), got " + emaDecay);
    }
  }
}
