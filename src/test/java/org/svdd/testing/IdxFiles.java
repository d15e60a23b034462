package org.svdd.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes small IDX image and label files (Fashion-MNIST's format) of synthetic pictures for tests. */
public final class IdxFiles {
  private IdxFiles() {}

  /**
   * Writes {@code <prefix>-images-idx3-ubyte} and {@code <prefix>-labels-idx1-ubyte} under {@code dir}:
   * {@code count} images of {@code side × side}, each a bright rectangle of random size and place on black.
   *
   * @return the image file
   */
  public static Path rectangles(Path dir, String prefix, int count, int side, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] pixels = new byte[count * side * side];
    byte[] labels = new byte[count];
    for (int k = 0; k < count; k++) {
      int x0 = random.nextInt(side / 2);
      int y0 = random.nextInt(side / 2);
      int x1 = x0 + 2 + random.nextInt(side / 2 - 1);
      int y1 = y0 + 2 + random.nextInt(side / 2 - 1);
      int level = 128 + random.nextInt(128);
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          pixels[k * side * side + y * side + x] = (byte) level;
        }
      }
      labels[k] = (byte) random.nextInt(10);
    }
    Path images = dir.resolve(prefix + "-images-idx3-ubyte");
    write(images, 0x803, new int[] {count, side, side}, pixels);
    write(dir.resolve(prefix + "-labels-idx1-ubyte"), 0x801, new int[] {count}, labels);
    return images;
  }

  private static void write(Path file, int magic, int[] dims, byte[] data) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(data);
    }
  }
}
