package org.svdd.model;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;

/**
 * A pre-norm residual self-attention layer over channels-first features [B, C, L]: x + attention(LN(x)),
 * the layer norm per position over the channels, so a row's output never depends on the rest of its batch.
 * Between convolution blocks it lets a position see its partner across a stem (a base pair 60 nt away)
 * by content, which dilated convolutions reach only through fixed offsets.
 */
final class SelfAttentionLayer {
  private static final float DROPOUT = 0.1f;

  private SelfAttentionLayer() {}

  static Block build(int channels, int heads) {
    SequentialBlock body = new SequentialBlock()
        .add(LambdaBlock.singleton(x -> x.transpose(0, 2, 1), "to-positions"))
        .add(LayerNorm.builder().axis(2).build())
        .add(ScaledDotProductAttentionBlock.builder().setEmbeddingSize(channels).setHeadCount(heads)
            .optAttentionProbsDropoutProb(DROPOUT).build())
        .add(LambdaBlock.singleton(x -> x.transpose(0, 2, 1), "to-channels"));
    return Branches.residual(body);
  }
}
