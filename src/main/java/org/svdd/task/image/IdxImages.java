package org.svdd.task.image;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.svdd.task.TextFiles;

/**
 * Grey images and their labels from the IDX files of the MNIST family (LeCun et al.'s format: big-endian
 * magic 0x00000803 for unsigned-byte images of rows × columns, 0x00000801 for byte labels), gzipped or
 * not, as Debian's {@code dataset-fashion-mnist} ships Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) in
 * /usr/share/datasets/fashion-mnist. Pixels are scaled from 0..255 to [-1, 1], the range the Gaussian
 * process clips its clean estimates to.
 */
public final class IdxImages {
  /** Where Debian's package puts Fashion-MNIST. */
  public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
  public static final String INSTALL_HINT =
      "install Fashion-MNIST: 'apt-get install -y --no-install-recommends dataset-fashion-mnist' (or run bin/install-deps --images)";
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;
  /** The label of an image read without a labels file. */
  public static final int UNLABELLED = -1;

  /** Images scaled to [-1, 1], row-major, with their labels. */
  public record Set(int rows, int columns, float[][] pixels, int[] labels) {
    public int size() {
      return labels.length;
    }
  }

  private IdxImages() {}

  /** Fashion-MNIST's training (60,000) or test (10,000) split from Debian's package. */
  public static Set fashionMnist(boolean train, int limit) throws IOException {
    String prefix = train ? "train" : "t10k";
    Path images = FASHION_MNIST.resolve(prefix + "-images-idx3-ubyte.gz");
    Path labels = FASHION_MNIST.resolve(prefix + "-labels-idx1-ubyte.gz");
    if (!Files.isReadable(images) || !Files.isReadable(labels)) {
      throw new IOException("Fashion-MNIST is not at " + FASHION_MNIST + "; " + INSTALL_HINT);
    }
    return read(images, labels, limit);
  }

  /**
   * Reads up to {@code limit} images and labels (all when limit is negative); the counts must agree. Without a
   * labels file ({@code labels} null) every label is {@link #UNLABELLED}.
   */
  public static Set read(Path images, Path labels, int limit) throws IOException {
    try (DataInputStream in = open(images); DataInputStream lab = labels == null ? null : open(labels)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new IOException(images + " is not an IDX image file (magic 0x" + Integer.toHexString(magic)
            + ", expected 0x" + Integer.toHexString(IMAGES_MAGIC) + ")");
      }
      int count = in.readInt();
      int rows = in.readInt();
      int columns = in.readInt();
      if (lab != null) {
        int labelMagic = lab.readInt();
        if (labelMagic != LABELS_MAGIC) {
          throw new IOException(labels + " is not an IDX label file (magic 0x" + Integer.toHexString(labelMagic)
              + ", expected 0x" + Integer.toHexString(LABELS_MAGIC) + ")");
        }
        int labelCount = lab.readInt();
        if (labelCount != count) {
          throw new IOException(images + " holds " + count + " images but " + labels + " " + labelCount + " labels");
        }
      }
      if (count < 0 || rows <= 0 || columns <= 0 || (long) rows * columns > 1 << 20) {
        throw new IOException(images + ": implausible header (" + count + " images of " + rows + " x " + columns + ")");
      }
      int n = limit < 0 ? count : Math.min(limit, count);
      float[][] pixels = new float[n][rows * columns];
      int[] labelled = new int[n];
      byte[] raw = new byte[rows * columns];
      for (int k = 0; k < n; k++) {
        in.readFully(raw);
        for (int i = 0; i < raw.length; i++) {
          pixels[k][i] = (raw[i] & 0xFF) / 127.5f - 1f;
        }
        labelled[k] = lab == null ? UNLABELLED : lab.readUnsignedByte();
      }
      return new Set(rows, columns, pixels, labelled);
    } catch (EOFException e) {
      throw new IOException(images + (labels == null ? "" : " or " + labels)
          + " ends before the count its header gives", e);
    }
  }

  /** Whether the file (gzipped or not, whatever its name) starts as an IDX image file. */
  public static boolean isImages(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (DataInputStream in = open(file)) {
      return in.readInt() == IMAGES_MAGIC;
    } catch (EOFException e) {
      return false;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    return new DataInputStream(TextFiles.open(file));
  }
}
