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
 *
 * <p>Such an adapter may offer several shapes: a job names its size ({@link #microBatchFor}, from the
 * job's N·M, never from load), and its rows always go through passes of that one shape, so a small job
 * does not pay for a large job's micro-batch and its samples still depend on its spec alone.
 */
public interface Denoiser extends AutoCloseable {

  /** One output row per input, in input order. */
  float[][] predict(List<DenoiseInput> inputs);

  /**
   * The micro-batch (rows per forward pass) this denoiser runs a job's rows in, given the rows the job
   * sends per round ({@link org.svdd.core.method.SamplingPlan#denoiseRows}). A denoiser without shapes
   * answers 1: any batching gives it the same outputs.
   */
  default int microBatchFor(int jobRows) {
    return 1;
  }

  /**
   * One output row per input, in input order, computed in passes of {@code microBatch} rows (a value
   * {@link #microBatchFor} gave): the output depends on the input and this shape only.
   */
  default float[][] predict(List<DenoiseInput> inputs, int microBatch) {
    return predict(inputs);
  }

  @Override
  default void close() {}
}
