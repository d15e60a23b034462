package org.svdd.model;

import ai.djl.Model;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;

/**
 * A loaded diffusion network with what the sampler must know about it: a masked-diffusion network over
 * a vocabulary and maximum length, or a Gaussian image network ({@link ImageNetwork}). Owns the DJL
 * model; close it when done.
 */
public final class DiffusionModel implements AutoCloseable {
  private final Model model;
  private final Vocabulary vocabulary;
  private final int length;
  private final ImageNetwork image;
  private final ModelFormat format;

  DiffusionModel(Model model, Vocabulary vocabulary, int length, ModelFormat format) {
    this.model = model;
    this.vocabulary = vocabulary;
    this.length = length;
    this.image = null;
    this.format = format;
  }

  DiffusionModel(Model model, ImageNetwork image) {
    this.model = model;
    this.vocabulary = null;
    this.length = image.height() * image.width();
    this.image = image;
    this.format = ModelFormat.DJL;
  }

  /** The process the network denoises: masked over its vocabulary, or Gaussian over its images. */
  public DiffusionProcess process() {
    return image != null ? image.process() : new MaskedDiffusion(vocabulary, length);
  }

  /** The symbols of a masked-diffusion model; an image model has none. */
  public Vocabulary vocabulary() {
    if (vocabulary == null) {
      throw new IllegalStateException("an image model has no vocabulary");
    }
    return vocabulary;
  }

  /** Positions of a sequence, or values of an image. */
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
   * A denoiser over this model that runs fixed-shape micro-batches of {@code microBatch} rows (at least
   * {@link FloatDenoiser#MIN_MICRO_BATCH} for images), so that a row's output never depends on how many
   * other rows came with it. Not thread-safe: one per worker.
   */
  public Denoiser newDenoiser(int microBatch) {
    if (image != null) {
      return new FloatDenoiser(model, image.height(), image.width(), Math.max(microBatch, FloatDenoiser.MIN_MICRO_BATCH));
    }
    return new DjlDenoiser(model, vocabulary.inputSize() - 1, vocabulary.cleanSize(), length, microBatch);
  }

  @Override
  public void close() {
    model.close();
  }
}
