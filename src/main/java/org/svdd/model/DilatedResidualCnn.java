package org.svdd.model;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

/**
 * Builds the denoiser network: token ids [B, L] → one-hot → 1×1 conv to {@code hidden} channels → residual
 * blocks (batch norm, ReLU, dilated conv, dropout while training if asked) → 1×1 conv to logits [B, L, classes]. Not time-conditioned:
 * for masked diffusion the masks themselves tell the network how noisy its input is (MDLM). The hybrid
 * ({@link NetworkConfig#HYBRID}) adds a {@link SelfAttentionLayer} after each cycle of dilations.
 */
public final class DilatedResidualCnn {
  private DilatedResidualCnn() {}

  public static Block build(NetworkConfig config) {
    SequentialBlock net = new SequentialBlock();
    int inputClasses = config.inputClasses();
    net.add(LambdaBlock.singleton(x -> x.toType(DataType.INT64, false).oneHot(inputClasses).transpose(0, 2, 1), "one-hot"));
    net.add(conv(config.hidden(), 1, 1));
    for (int i = 0; i < config.blocks(); i++) {
      SequentialBlock body = new SequentialBlock()
          .add(BatchNorm.builder().build())
          .add(Activation.reluBlock())
          .add(conv(config.hidden(), config.kernel(), config.dilation(i)));
      if (config.dropout() > 0) {
        body.add(Dropout.builder().optRate(config.dropout()).build());
      }
      net.add(Branches.residual(body));
      if (config.attentionAfter(i)) {
        net.add(SelfAttentionLayer.build(config.hidden(), config.heads()));
      }
    }
    net.add(BatchNorm.builder().build());
    net.add(Activation.reluBlock());
    net.add(conv(config.outputClasses(), 1, 1));
    net.add(LambdaBlock.singleton(x -> x.transpose(0, 2, 1), "to-positions"));
    return net;
  }

  /** Parameter type; token ids are cast inside the network, so initialise with this type too. */
  public static DataType parameterType() {
    return DataType.FLOAT32;
  }

  private static Block conv(int filters, int kernel, int dilation) {
    return AlignedConvolution.of(Conv1d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel))
        .optDilation(new Shape(dilation))
        .optPadding(new Shape(dilation * (kernel - 1) / 2)));
  }
}
