package org.svdd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A residual block of the image denoiser, conditioned on the diffusion time as in DDPM's U-Net (Ho et al.
 * 2020): norm, SiLU, 3×3 conv, plus a linear map of the time embedding added per channel, norm, SiLU,
 * 3×3 conv, added to the input (through a 1×1 conv when the channel count changes). Inputs: the feature
 * map [B, C_in, H, W] and the time embedding [B, E]; output [B, C_out, H, W]. Group norm works row by
 * row, so a row's output never depends on the others in its batch.
 */
final class TimeResidualBlock extends AbstractBlock {
  /** Groups of the normalisations (DDPM uses 32 on its wider maps). */
  static final int GROUPS = 8;
  private final int out;
  private final Block norm1;
  private final Block conv1;
  private final Block time;
  private final Block norm2;
  private final Block conv2;
  private final Block skip;

  TimeResidualBlock(int in, int out) {
    this.out = out;
    norm1 = addChildBlock("norm1", new GroupNorm(GROUPS));
    conv1 = addChildBlock("conv1", conv(out, 3));
    time = addChildBlock("time", Linear.builder().setUnits(out).build());
    norm2 = addChildBlock("norm2", new GroupNorm(GROUPS));
    conv2 = addChildBlock("conv2", conv(out, 3));
    skip = in == out ? null : addChildBlock("skip", conv(out, 1));
  }

  static Block conv(int filters, int kernel) {
    return AlignedConvolution.of(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(kernel / 2, kernel / 2)));
  }

  static NDArray silu(NDArray x) {
    return Activation.swish(x, 1f);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray embedding = inputs.get(1);
    NDArray h = silu(norm1.forward(ps, new NDList(x), training).singletonOrThrow());
    h = conv1.forward(ps, new NDList(h), training).singletonOrThrow();
    NDArray t = time.forward(ps, new NDList(silu(embedding)), training).singletonOrThrow();
    h = h.add(t.expandDims(2).expandDims(3));
    h = silu(norm2.forward(ps, new NDList(h), training).singletonOrThrow());
    h = conv2.forward(ps, new NDList(h), training).singletonOrThrow();
    NDArray residual = skip == null ? x : skip.forward(ps, new NDList(x), training).singletonOrThrow();
    return new NDList(h.add(residual));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), out, x.get(2), x.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape h = new Shape(x.get(0), out, x.get(2), x.get(3));
    norm1.initialize(manager, dataType, x);
    conv1.initialize(manager, dataType, x);
    time.initialize(manager, dataType, inputShapes[1]);
    norm2.initialize(manager, dataType, h);
    conv2.initialize(manager, dataType, h);
    if (skip != null) {
      skip.initialize(manager, dataType, x);
    }
  }
}
