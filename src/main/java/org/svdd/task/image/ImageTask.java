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

  /** The class names, by label index, of the task's labelled images. */
  List<String> classes();

  /** Images with their class labels, all of each file, in order. */
  Labelled labelled(List<Path> files) throws IOException;

  /** The classifier of a role ({@code guide} or {@code judge}): configured, or bundled beside the model. */
  Path classifierDir(com.typesafe.config.Config config, String role);

  /** Images (values in [−1, 1]) and a label index per image. */
  record Labelled(float[][] images, int[] labels) {}
}
