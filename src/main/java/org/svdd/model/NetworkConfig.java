package org.svdd.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * Shape of a denoiser trained here: a dilated residual 1-D CNN (the family the SVDD paper's sequence
 * models use) or a small transformer encoder (in the spirit of MDLM's DiT backbone, without time
 * conditioning: the masks tell the network how noisy its input is).
 *
 * @param length maximum sequence length L (shorter sequences are padded)
 * @param inputClasses token ids the network reads (symbols, pad, mask)
 * @param outputClasses clean classes it predicts (symbols, pad)
 * @param hidden channels (CNN) or embedding width (transformer)
 * @param blocks residual blocks (CNN; dilation cycles 1, 2, 4, 8, 16) or encoder layers (transformer)
 * @param kernel convolution width (odd; CNN only)
 * @param architecture {@link #CNN}, {@link #HYBRID} or {@link #TRANSFORMER}
 * @param heads attention heads (transformer, hybrid; divides {@code hidden})
 * @param dropout share of each residual convolution's outputs zeroed while training (CNN, hybrid; 0: none). A
 *     regulariser only: sampling runs without it, so it costs nothing per row.
 */
public record NetworkConfig(int length, int inputClasses, int outputClasses, int hidden, int blocks, int kernel,
    String architecture, int heads, float dropout) {
  public static final String CNN = "cnn";
  public static final String TRANSFORMER = "transformer";
  /** The CNN with a pre-norm self-attention layer after each cycle of dilations (every fifth block). */
  public static final String HYBRID = "hybrid";
  /** Every architecture, in the order options name them. */
  public static final java.util.List<String> ARCHITECTURES = java.util.List.of(CNN, HYBRID, TRANSFORMER);
  /** Blocks per cycle of dilations (1, 2, 4, 8, 16); the hybrid attends after each cycle. */
  public static final int DILATION_CYCLE = 5;

  /** A dilated residual CNN. */
  public NetworkConfig(int length, int inputClasses, int outputClasses, int hidden, int blocks, int kernel) {
    this(length, inputClasses, outputClasses, hidden, blocks, kernel, CNN, 1);
  }

  /** A network without dropout in its convolutions. */
  public NetworkConfig(int length, int inputClasses, int outputClasses, int hidden, int blocks, int kernel,
      String architecture, int heads) {
    this(length, inputClasses, outputClasses, hidden, blocks, kernel, architecture, heads, 0f);
  }

  public NetworkConfig {
    if (length < 1 || inputClasses < 2 || outputClasses < 1 || hidden < 1 || blocks < 1) {
      throw new IllegalArgumentException("network sizes must be positive: " + this);
    }
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("kernel must be odd and positive, got " + kernel);
    }
    if (!ARCHITECTURES.contains(architecture)) {
      throw new IllegalArgumentException(
          "architecture must be " + CNN + ", " + HYBRID + " or " + TRANSFORMER + ", got '" + architecture + "'");
    }
    if (architecture.equals(HYBRID) && blocks < DILATION_CYCLE) {
      throw new IllegalArgumentException("the hybrid puts attention after every fifth block, so it needs at least "
          + DILATION_CYCLE + " blocks, got " + blocks);
    }
    if (heads < 1 || hidden % heads != 0) {
      throw new IllegalArgumentException("attention heads must divide the width " + hidden + ", got " + heads);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must lie in [0, 1), got " + dropout);
    }
    if (dropout > 0 && architecture.equals(TRANSFORMER)) {
      throw new IllegalArgumentException("dropout applies to the convolutions of the cnn and hybrid networks; the "
          + "transformer's layers have their own (0.1)");
    }
  }

  /** The same network with another dropout rate (which only training uses). */
  public NetworkConfig withDropout(float rate) {
    return new NetworkConfig(length, inputClasses, outputClasses, hidden, blocks, kernel, architecture, heads, rate);
  }

  /** The network in a few words, for messages: e.g. "hybrid, width 64, 7 blocks, kernel 5, 1 head, length 96". */
  public String describe() {
    return architecture + ", width " + hidden + ", " + blocks + (architecture.equals(TRANSFORMER) ? " layers" : " blocks")
        + (architecture.equals(TRANSFORMER) ? "" : ", kernel " + kernel)
        + (architecture.equals(CNN) ? "" : ", " + heads + (heads == 1 ? " head" : " heads"))
        + ", " + (inputClasses - 2) + " symbols, length " + length;
  }

  /** Dilation of residual block {@code i}. */
  public int dilation(int i) {
    return 1 << (i % DILATION_CYCLE);
  }

  /** Whether a self-attention layer follows residual block {@code i} (the hybrid: after each cycle of dilations). */
  public boolean attentionAfter(int i) {
    return architecture.equals(HYBRID) && (i + 1) % DILATION_CYCLE == 0;
  }

  /** The network, untrained. */
  public Block block() {
    return architecture.equals(TRANSFORMER) ? TransformerDenoiser.build(this) : DilatedResidualCnn.build(this);
  }

  /** Input shape the network is initialised with (token ids, cast inside the network). */
  public Shape inputShape(int batch) {
    return new Shape(batch, length);
  }
}
