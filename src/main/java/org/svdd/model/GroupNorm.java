package org.svdd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Group normalisation (Wu and He 2018), as DDPM's U-Net uses: each row's channels are split into groups,
 * each group is normalised over its channels and positions, then scaled and shifted per channel. A row
 * never sees the others in its batch, in training or at inference, and there are no running statistics.
 * Written with elementary array operations: DJL's batch norm turned gradients NaN now and then on the same
 * inputs (its backward pass on the U-Net's 4 × 4 maps), which this block does not.
 */
final class GroupNorm extends AbstractBlock {
  private static final float EPSILON = 1e-5f;
  private final int groups;
  private final Parameter gamma;
  private final Parameter beta;

  /** @param groups at most this many groups (fewer when the channel count is not a multiple) */
  GroupNorm(int groups) {
    this.groups = groups;
    gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
  }

  /** The largest divisor of the channel count not above the wanted number of groups. */
  private int groupsFor(long channels) {
    int g = (int) Math.min(groups, channels);
    while (channels % g != 0) {
      g--;
    }
    return g;
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    Shape channels = new Shape(inputShapes[0].get(1));
    gamma.setShape(channels);
    beta.setShape(channels);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape shape = x.getShape();
    long channels = shape.get(1);
    NDArray grouped = x.reshape(shape.get(0), groupsFor(channels), -1);
    NDArray centred = grouped.sub(grouped.mean(new int[] {2}, true));
    NDArray variance = centred.square().mean(new int[] {2}, true);
    NDArray normed = centred.div(variance.add(EPSILON).sqrt()).reshape(shape);
    Shape perChannel = new Shape(1, channels, 1, 1);
    NDArray scale = ps.getValue(gamma, x.getDevice(), training).reshape(perChannel);
    NDArray shift = ps.getValue(beta, x.getDevice(), training).reshape(perChannel);
    // an op's result belongs to its first operand's manager: here the parameters', which lives as long as the
    // model, so every pass would leave these two behind
    scale.attach(x.getManager());
    shift.attach(x.getManager());
    return new NDList(normed.mul(scale).add(shift));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
