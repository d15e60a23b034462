package org.svdd.model;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.nn.transformer.TransformerEncoderBlock;

/**
 * A transformer encoder denoiser: token ids [B, L] → token embedding + learned position embedding →
 * {@code blocks} encoder layers (self-attention over every position, so a base can see its pairing
 * partner 60 nt away; feed-forward width 4 × hidden, GELU, dropout 0.1) → a linear map to logits
 * [B, L, classes]. DJL's encoder layer normalises with batch norm, which at inference uses running
 * statistics, so a row's output never depends on the other rows of its batch.
 */
final class TransformerDenoiser {
  private static final float DROPOUT = 0.1f;

  private TransformerDenoiser() {}

  static Block build(NetworkConfig config) {
    int length = config.length();
    SequentialBlock net = new SequentialBlock();
    net.add(LambdaBlock.singleton(x -> x.toType(DataType.INT32, false), "ids"));
    Block tokens = new IdEmbedding.Builder().setDictionarySize(config.inputClasses()).setEmbeddingSize(config.hidden()).build();
    Block positions = new SequentialBlock()
        .add(LambdaBlock.singleton(x -> x.getManager().arange(0, length, 1, DataType.INT32).expandDims(0)
            .repeat(0, x.getShape().get(0)), "positions"))
        .add(new IdEmbedding.Builder().setDictionarySize(length).setEmbeddingSize(config.hidden()).build());
    net.add(Branches.summed(tokens, positions));
    for (int i = 0; i < config.blocks(); i++) {
      net.add(new TransformerEncoderBlock(config.hidden(), config.heads(), 4 * config.hidden(), DROPOUT, Activation::gelu));
    }
    net.add(Linear.builder().setUnits(config.outputClasses()).build());
    return net;
  }
}
