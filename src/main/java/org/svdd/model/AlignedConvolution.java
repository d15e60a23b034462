package org.svdd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.LayoutType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 1-D or 2-D convolution whose input gradient is right when its filter count does not fill whole
 * blocks of oneDNN's channel layout. Every convolution of the project's networks is one of these.
 *
 * <p>libtorch runs CPU convolutions through oneDNN, which lays channels out in blocks of 16 (AVX-512) or
 * 8 (AVX2). On the libtorch this project runs (2.7.1, oneDNN 3.7.1), on AMD EPYC family 26 at least, the
 * gradient with respect to a convolution's input is wrong when the output channels leave a block
 * part-filled. For a 3 × 3 convolution of 16 × 8 × 8 × 8 inputs, against the same gradient in double
 * precision (which libtorch computes without oneDNN): with 24 filters it was off in 292 of 300 passes, with
 * 1 filter NaN in 127 and off in 10; with 16 filters, and with 1, 3, 8 or 24 padded as below, right in every
 * pass. The forward pass and the weights' gradient were right. Every layer below such a convolution trained
 * on that gradient, and the NaN ones are most of what {@link GuardedStep} retried. The 1 × 1 output layer of
 * the sequence denoisers was not affected: the molecule denoiser's first epoch gave the same losses, to
 * the last digit, before and after this class.
 *
 * <p>So in training, a convolution whose filter count is not a multiple of {@link #BLOCK} runs with zero
 * filters appended to its weights up to the next multiple, and its output cut back to its own channels:
 * every channel oneDNN computes then lies in real memory, and the extra channels' gradients are true zeros.
 * The result and the parameters' gradients are those of the plain convolution. Inference (no backward pass)
 * runs the plain convolution. Parameters, shapes and saved format are DJL's, so models saved with DJL's
 * {@link Conv1d} or {@link Conv2d} load unchanged.
 */
final class AlignedConvolution extends Convolution {
  /** Output channels are padded to a multiple of this in training: oneDNN's widest fp32 block. */
  static final int BLOCK = 16;

  private AlignedConvolution(ConvolutionBuilder<?> builder) {
    super(builder);
  }

  /** A convolution of inputs [B, C, W], configured as DJL's {@link Conv1d}. */
  static AlignedConvolution of(Conv1d.Builder builder) {
    return new AlignedConvolution(builder);
  }

  /** A convolution of inputs [B, C, H, W], configured as DJL's {@link Conv2d}. */
  static AlignedConvolution of(Conv2d.Builder builder) {
    return new AlignedConvolution(builder);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    if (!training || groups != 1 || filters % BLOCK == 0) {
      return super.forwardInternal(ps, inputs, training, params);
    }
    NDArray x = inputs.singletonOrThrow();
    int extra = BLOCK - filters % BLOCK;
    NDArray w = withZeroFilters(ps.getValue(weight, x.getDevice(), true), extra, x.getManager());
    NDArray b = includeBias ? withZeroFilters(ps.getValue(bias, x.getDevice(), true), extra, x.getManager()) : null;
    NDArray y = x.getNDArrayInternal().convolution(x, w, b, stride, padding, dilation, 1).singletonOrThrow();
    return new NDList(y.get(new NDIndex(":, :{}", filters)));
  }

  /** {@code array} with {@code extra} zero rows appended along its first (filter) axis, owned by {@code manager}. */
  private static NDArray withZeroFilters(NDArray array, int extra, NDManager manager) {
    long[] shape = array.getShape().getShape().clone(); // getShape() is the Shape's own array
    shape[0] = extra;
    NDArray zeros = manager.zeros(new Shape(shape), array.getDataType(), array.getDevice());
    NDArray widened = array.concat(zeros, 0);
    widened.attach(manager); // an op on a parameter belongs to the parameter's long-lived manager otherwise
    return widened;
  }

  @Override
  protected LayoutType[] getExpectedLayout() {
    return kernelShape.dimension() == 1
        ? new LayoutType[] {LayoutType.BATCH, LayoutType.CHANNEL, LayoutType.WIDTH}
        : new LayoutType[] {LayoutType.BATCH, LayoutType.CHANNEL, LayoutType.HEIGHT, LayoutType.WIDTH};
  }

  @Override
  protected String getStringLayout() {
    return kernelShape.dimension() == 1 ? "NCW" : "NCHW";
  }

  @Override
  protected int numDimensions() {
    return kernelShape.dimension() + 2;
  }
}
