package org.svdd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A small time-conditioned U-Net predicting the noise ε̂ of a grey image, after DDPM's (Ho et al. 2020)
 * at a size a CPU trains: inputs x_t [B, 1, H, W] (H and W divisible by 4) and t [B]; a sinusoidal
 * embedding of t (Vaswani et al. 2017) through two linear layers conditions every residual block; two
 * levels down (stride-2 convs) and up (nearest ×2 then conv), with skip connections by concatenation;
 * output ε̂ [B, 1, H, W].
 */
final class SmallUNet extends AbstractBlock {
  private final int base;
  private final int embedding;
  private final Block time1;
  private final Block time2;
  private final Block in;
  private final TimeResidualBlock down1;
  private final Block pool1;
  private final TimeResidualBlock down2;
  private final Block pool2;
  private final TimeResidualBlock middle;
  private final Block up2;
  private final TimeResidualBlock merge2;
  private final Block up1;
  private final TimeResidualBlock merge1;
  private final Block norm;
  private final Block out;

  /** @param base channels at full resolution (twice as many below) */
  SmallUNet(int base) {
    this.base = base;
    this.embedding = 4 * base;
    time1 = addChildBlock("time1", Linear.builder().setUnits(embedding).build());
    time2 = addChildBlock("time2", Linear.builder().setUnits(embedding).build());
    in = addChildBlock("in", TimeResidualBlock.conv(base, 3));
    down1 = addChildBlock("down1", new TimeResidualBlock(base, base));
    pool1 = addChildBlock("pool1", strided(2 * base));
    down2 = addChildBlock("down2", new TimeResidualBlock(2 * base, 2 * base));
    pool2 = addChildBlock("pool2", strided(2 * base));
    middle = addChildBlock("middle", new TimeResidualBlock(2 * base, 2 * base));
    up2 = addChildBlock("up2", TimeResidualBlock.conv(2 * base, 3));
    merge2 = addChildBlock("merge2", new TimeResidualBlock(4 * base, 2 * base));
    up1 = addChildBlock("up1", TimeResidualBlock.conv(base, 3));
    merge1 = addChildBlock("merge1", new TimeResidualBlock(2 * base, base));
    norm = addChildBlock("norm", new GroupNorm(TimeResidualBlock.GROUPS));
    out = addChildBlock("out", TimeResidualBlock.conv(1, 3));
  }

  private static Block strided(int filters) {
    return AlignedConvolution.of(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3))
        .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)));
  }

  /** The sinusoidal embedding of t in [0, 1], scaled to 1000 steps as DDPM's. */
  private NDArray sinusoidal(NDArray t) {
    int half = embedding / 2;
    NDManager m = t.getManager();
    NDArray frequencies = m.arange(0, half, 1, DataType.FLOAT32).mul(-Math.log(10_000.0) / half).exp();
    NDArray angles = t.toType(DataType.FLOAT32, false).mul(1000).expandDims(1).mul(frequencies.expandDims(0));
    return angles.sin().concat(angles.cos(), 1);
  }

  /** Nearest-neighbour ×2: each value broadcast to a 2 × 2 block. */
  private static NDArray upsample(NDArray x) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), s.get(2), 1, s.get(3), 1)
        .broadcast(new Shape(s.get(0), s.get(1), s.get(2), 2, s.get(3), 2))
        .reshape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray t = inputs.get(1);
    NDArray e = time1.forward(ps, new NDList(sinusoidal(t)), training).singletonOrThrow();
    e = time2.forward(ps, new NDList(TimeResidualBlock.silu(e)), training).singletonOrThrow();
    NDArray h0 = in.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray h1 = down1.forward(ps, new NDList(h0, e), training).singletonOrThrow();
    NDArray h2 = down2.forward(ps, new NDList(pool1.forward(ps, new NDList(h1), training).singletonOrThrow(), e), training)
        .singletonOrThrow();
    NDArray h = middle.forward(ps, new NDList(pool2.forward(ps, new NDList(h2), training).singletonOrThrow(), e), training)
        .singletonOrThrow();
    h = up2.forward(ps, new NDList(upsample(h)), training).singletonOrThrow();
    h = merge2.forward(ps, new NDList(h.concat(h2, 1), e), training).singletonOrThrow();
    h = up1.forward(ps, new NDList(upsample(h)), training).singletonOrThrow();
    h = merge1.forward(ps, new NDList(h.concat(h1, 1), e), training).singletonOrThrow();
    h = TimeResidualBlock.silu(norm.forward(ps, new NDList(h), training).singletonOrThrow());
    return out.forward(ps, new NDList(h), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    long b = x.get(0);
    long height = x.get(2);
    long width = x.get(3);
    if (height % 4 != 0 || width % 4 != 0) {
      throw new IllegalArgumentException("image sides must be divisible by 4, got " + height + " x " + width);
    }
    Shape e = new Shape(b, embedding);
    time1.initialize(manager, dataType, e);
    time2.initialize(manager, dataType, e);
    in.initialize(manager, dataType, x);
    Shape full = new Shape(b, base, height, width);
    Shape half = new Shape(b, 2 * base, height / 2, width / 2);
    Shape quarter = new Shape(b, 2 * base, height / 4, width / 4);
    down1.initialize(manager, dataType, full, e);
    pool1.initialize(manager, dataType, full);
    down2.initialize(manager, dataType, half, e);
    pool2.initialize(manager, dataType, half);
    middle.initialize(manager, dataType, quarter, e);
    up2.initialize(manager, dataType, new Shape(b, 2 * base, height / 2, width / 2));
    merge2.initialize(manager, dataType, new Shape(b, 4 * base, height / 2, width / 2), e);
    up1.initialize(manager, dataType, new Shape(b, 2 * base, height, width));
    merge1.initialize(manager, dataType, new Shape(b, 2 * base, height, width), e);
    norm.initialize(manager, dataType, full);
    out.initialize(manager, dataType, full);
  }
}
