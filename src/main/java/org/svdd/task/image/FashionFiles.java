package org.svdd.task.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;
import org.svdd.oracle.GreyImage;
import org.svdd.task.Provenance;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TextFiles;

/**
 * The files of the {@code fashion} task: designs to score (PNGs, IDX image files, tables of design texts) and the
 * Fashion-MNIST images and labels that its model and classifiers train on. Every image is 28 × 28 grey, or the file
 * is refused naming why.
 */
final class FashionFiles {
  private static final int SIDE = FashionTask.SIDE;
  private static final String NAME = FashionTask.NAME;

  private FashionFiles() {}

  /** Designs from a PNG, an IDX image file or a table ({@link FashionTask#readDesigns}). */
  static List<SequenceFiles.Entry> readDesigns(Path file) throws IOException {
    ImageCodec codec = new ImageCodec(SIDE, SIDE);
    List<SequenceFiles.Entry> out = new ArrayList<>();
    if (TextFiles.isPng(file)) {
      return List.of(new SequenceFiles.Entry(stem(file), codec.text(png(file))));
    }
    if (IdxImages.isImages(file)) {
      IdxImages.Set set = read(file, false);
      for (int k = 0; k < set.size(); k++) {
        out.add(new SequenceFiles.Entry("image-" + k, codec.text(GreyImage.of(state(set.pixels()[k]), SIDE, SIDE))));
      }
      return out;
    }
    int line = 0;
    for (String row : TextFiles.lines(file, StandardCharsets.UTF_8)) {
      line++;
      if (row.isBlank() || row.startsWith("#")) {
        continue;
      }
      String[] fields = row.split("\t");
      if (fields.length != 2) {
        throw new IOException(file + ", line " + line + ": expected '<name><TAB><image text>', got "
            + fields.length + (fields.length == 1 ? " field" : " fields")
            + (out.isEmpty() ? " (image designs are PNG files, IDX files, or such a table of image texts)" : ""));
      }
      try {
        codec.image(fields[1]);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ", line " + line + ": " + e.getMessage(), e);
      }
      out.add(new SequenceFiles.Entry(fields[0], fields[1]));
    }
    return out;
  }

  /** Labelled images for a classifier ({@link FashionTask#labelled}). */
  static ImageTask.Labelled labelled(List<Path> files) throws IOException {
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path file : files) {
      IdxImages.Set set = read(file, true);
      images.addAll(List.of(set.pixels()));
      for (int label : set.labels()) {
        if (label < 0 || label >= FashionTask.CLASSES.size()) {
          throw new IOException(file + ": label " + label + " is not one of Fashion-MNIST's " + FashionTask.CLASSES.size() + " classes");
        }
        labels.add(label);
      }
    }
    return new ImageTask.Labelled(images.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Reads an IDX image file (gzipped or not, whatever its name), refusing other sizes; with {@code labelled}, its
   * labels from the file beside it as Fashion-MNIST names them ({@code X-labels-idx1-ubyte} beside
   * {@code X-images-idx3-ubyte}).
   */
  private static IdxImages.Set read(Path file, boolean labelled) throws IOException {
    try {
      TextFiles.requireReadable(file, "image file");
    } catch (IOException e) {
      throw new IOException(e.getMessage() + "; " + IdxImages.INSTALL_HINT, e);
    }
    if (!IdxImages.isImages(file)) {
      throw new IOException(file + " is not an IDX image file (Fashion-MNIST's *-images-idx3-ubyte[.gz]); "
          + IdxImages.INSTALL_HINT);
    }
    Path labels = null;
    if (labelled) {
      labels = labelsBeside(file);
      if (labels == null || !Files.isReadable(labels)) {
        throw new IOException(file + ": its labels are read from the file beside it, "
            + (labels == null ? "named as Fashion-MNIST's (X-labels-idx1-ubyte[.gz] beside X-images-idx3-ubyte[.gz])"
                : labels + ", which cannot be read"));
      }
    }
    IdxImages.Set set = IdxImages.read(file, labels, -1);
    if (set.rows() != SIDE || set.columns() != SIDE) {
      throw new IOException(file + " holds " + set.rows() + " x " + set.columns() + " images; task " + NAME
          + " needs " + SIDE + " x " + SIDE);
    }
    return set;
  }

  /** IDX image files (no labels needed: the model is unconditional), split into train and held out. */
  static ImageTask.ImageCorpus images(List<Path> files, double heldOutFraction, long seed, int limit) throws IOException {
    List<float[]> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(List.of(read(file, false).pixels()));
    }
    int[] order = RandomStream.of(seed, Purpose.TRAIN, -2).permutation(all.size());
    int held = (int) Math.round(all.size() * heldOutFraction);
    int train = limit < 0 ? all.size() - held : Math.min(limit, all.size() - held);
    float[][] heldOut = new float[held][];
    float[][] training = new float[train][];
    for (int i = 0; i < held; i++) {
      heldOut[i] = all.get(order[i]);
    }
    for (int i = 0; i < train; i++) {
      training[i] = all.get(order[held + i]);
    }
    String provenance = String.format(Locale.ROOT, "%s; %d images, %d held out at random (seed %d), %d trained on; "
        + "pixels scaled to [-1, 1].", Provenance.of(files, List.of(Provenance.Source.under(
            "Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, MIT licence) from Debian's dataset-fashion-mnist",
            IdxImages.FASHION_MNIST))), all.size(), held, seed, train);
    return new ImageTask.ImageCorpus(training, heldOut, provenance);
  }

  private static org.svdd.core.diffusion.FloatState state(float[] pixels) {
    return new org.svdd.core.diffusion.FloatState(pixels, 0);
  }

  /** The one 28 x 28 grey picture a PNG holds, or why it is not one. */
  private static GreyImage png(Path file) throws IOException {
    GreyImage image;
    try {
      image = GreyImage.decode(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    if (image.width() != SIDE || image.height() != SIDE) {
      throw new IOException(file + " is " + image.width() + " x " + image.height() + " pixels; a " + NAME
          + " design is one " + SIDE + " x " + SIDE + " grey image (a grid, METHOD.png, shows several: score the "
          + "METHOD-K.png files or METHOD.jsonl)");
    }
    return image;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The labels file Fashion-MNIST keeps beside an images file, or null where the name does not say. */
  static Path labelsBeside(Path images) {
    String name = images.getFileName().toString();
    return name.contains("-images-idx3-ubyte")
        ? images.resolveSibling(name.replace("-images-idx3-ubyte", "-labels-idx1-ubyte")) : null;
  }
}
