package org.svdd.model;

/**
 * Shape of the bundled denoiser: a dilated residual 1-D CNN, the family the SVDD paper's sequence
 * models use (hidden width 128 there; smaller here to train on two CPU cores).
 *
 * @param length maximum sequence length L (shorter sequences are padded)
 * @param inputClasses token ids the network reads (symbols, pad, mask)
 * @param outputClasses clean classes it predicts (symbols, pad)
 * @param hidden channels
 * @param blocks residual blocks; dilation cycles 1, 2, 4, 8, 16
 * @param kernel convolution width (odd)
 */
public record NetworkConfig(int length, int inputClasses, int outputClasses, int hidden, int blocks, int kernel) {

  public NetworkConfig {
    if (length < 1 || inputClasses < 2 || outputClasses < 1 || hidden < 1 || blocks < 1) {
      throw new IllegalArgumentException("network sizes must be positive: " + this);
    }
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("kernel must be odd and positive, got " + kernel);
    }
  }

  /** Dilation of residual block {@code i}. */
  public int dilation(int i) {
    return 1 << (i % 5);
  }
}
