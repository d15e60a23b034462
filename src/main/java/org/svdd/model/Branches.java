package org.svdd.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import java.util.List;

/** Blocks whose branches are summed: a residual connection, or two embeddings added. */
final class Branches {
  private Branches() {}

  /** x + body(x). */
  static Block residual(Block body) {
    return summed(body, Blocks.identityBlock());
  }

  /** a(x) + b(x). */
  static Block summed(Block a, Block b) {
    return new ParallelBlock(Branches::sum, List.of(a, b));
  }

  private static NDList sum(List<NDList> branches) {
    return new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
  }
}
