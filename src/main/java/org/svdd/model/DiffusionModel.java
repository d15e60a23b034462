package org.svdd.model;

import ai.djl.Model;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.Vocabulary;

/**
 * A loaded masked-diffusion network with what the sampler must know about it: its vocabulary and
 * maximum length. Owns the DJL model; close it when done.
 */
public final class DiffusionModel implements AutoCloseable {
  private final Model model;
  private final Vocabulary vocabulary;
  private final int length;
  private final ModelFormat format;

  DiffusionModel(Model model, Vocabulary vocabulary, int length, ModelFormat format) {
    this.model = model;
    this.vocabulary = vocabulary;
    this.length = length;
    this.format = format;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public int length() {
    return length;
  }

  public ModelFormat format() {
    return format;
  }

  Model djlModel() {
    return model;
  }

  /**
   * A denoiser over this model that runs fixed-shape micro-batches of {@code microBatch} rows, so that
   * a row's output never depends on how many other rows came with it. Not thread-safe: one per worker.
   */
  public Denoiser newDenoiser(int microBatch) {
    return new DjlDenoiser(model, vocabulary.inputSize() - 1, vocabulary.cleanSize(), length, microBatch);
  }

  @Override
  public void close() {
    model.close();
  }
}
