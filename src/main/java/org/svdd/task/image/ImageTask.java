package org.svdd.task.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.svdd.task.DesignTask;

/** A task whose designs are grey images drawn by a Gaussian diffusion model ({@code svdd train} trains it by DDPM). */
public interface ImageTask extends DesignTask {

  int width();

  int height();

  /**
   * Training and held-out images from raw files, values in [−1, 1], row by row.
   *
   * @param limit at most this many training images (negative: all)
   */
  ImageCorpus images(List<Path> files, double heldOutFraction, long seed, int limit) throws IOException;

  /** Images to train on and to score the held-out loss with, and where they came from. */
  record ImageCorpus(float[][] train, float[][] heldOut, String provenance) {}
}
