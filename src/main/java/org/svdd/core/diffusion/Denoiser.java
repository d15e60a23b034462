package org.svdd.core.diffusion;

import java.util.List;

/**
 * The pre-trained network, as the sampler sees it. For masked diffusion a row of output holds, for
 * every position, the logits over the clean vocabulary (length × cleanSize, row-major); for Gaussian
 * diffusion it holds the predicted noise.
 *
 * <p>Contract: the output for an input must not depend on the other inputs in the batch or on the batch
 * size, so that batching never changes samples. Adapters over numeric libraries whose kernels vary with
 * batch shape must enforce this (fixed-shape micro-batches, quantised outputs).
 */
public interface Denoiser extends AutoCloseable {

  /** One output row per input, in input order. */
  float[][] predict(List<DenoiseInput> inputs);

  @Override
  default void close() {}
}
