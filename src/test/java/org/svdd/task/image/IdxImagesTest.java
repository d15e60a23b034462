package org.svdd.task.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImagesTest {
  @TempDir Path dir;

  private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  @Test
  void read_gzippedAndPlain_scalesPixelsToMinusOneOne_andKeepsLabels() throws IOException {
    byte[] pixels = {0, (byte) 255, (byte) 128, 64, 10, 20, 30, 40};
    for (boolean gzip : new boolean[] {true, false}) {
      Path images = write("img" + gzip, idx(0x803, new int[] {2, 2, 2}, pixels), gzip);
      Path labels = write("lab" + gzip, idx(0x801, new int[] {2}, new byte[] {7, 3}), gzip);
      IdxImages.Set set = IdxImages.read(images, labels, -1);
      assertEquals(2, set.size());
      assertEquals(2, set.rows());
      assertArrayEquals(new int[] {7, 3}, set.labels());
      assertArrayEquals(new float[] {-1f, 1f, 128 / 127.5f - 1, 64 / 127.5f - 1}, set.pixels()[0], 1e-6f);
      assertEquals(1, IdxImages.read(images, labels, 1).size(), "a limit reads the first images only");
    }
  }

  /** Images alone, named anything: found by their magic number, read unlabelled; a labels file is not images. */
  @Test
  void read_withoutLabels_andIsImages_byTheFirstBytes() throws IOException {
    Path images = write("my-pictures.bin", idx(0x803, new int[] {2, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7}), true);
    IdxImages.Set set = IdxImages.read(images, null, -1);
    assertArrayEquals(new int[] {IdxImages.UNLABELLED, IdxImages.UNLABELLED}, set.labels());
    assertEquals(7 / 127.5f - 1, set.pixels()[1][3], 1e-6f);
    assertTrue(IdxImages.isImages(images));
    assertEquals(false, IdxImages.isImages(write("labels", idx(0x801, new int[] {2}, new byte[2]), false)));
    assertEquals(false, IdxImages.isImages(write("tiny", new byte[] {0, 0}, false)));
    assertEquals(false, IdxImages.isImages(dir));
    IOException e = assertThrows(IOException.class, () -> IdxImages.read(
        write("cut", idx(0x803, new int[] {3, 2, 2}, new byte[5]), false), null, -1));
    assertTrue(e.getMessage().endsWith("cut ends before the count its header gives"), e.getMessage());
  }

  @Test
  void read_badFiles_failNamingTheProblem() throws IOException {
    Path images = write("img", idx(0x803, new int[] {3, 2, 2}, new byte[12]), true);
    Path twoLabels = write("lab2", idx(0x801, new int[] {2}, new byte[2]), true);
    IOException e = assertThrows(IOException.class, () -> IdxImages.read(images, twoLabels, -1));
    assertTrue(e.getMessage().contains("3 images but") && e.getMessage().contains("2 labels"), e.getMessage());
    Path swapped = write("swapped", idx(0x801, new int[] {3}, new byte[3]), false);
    e = assertThrows(IOException.class, () -> IdxImages.read(swapped, swapped, -1));
    assertTrue(e.getMessage().contains("not an IDX image file"), e.getMessage());
    Path shortImages = write("short", idx(0x803, new int[] {3, 2, 2}, new byte[5]), true);
    Path threeLabels = write("lab3", idx(0x801, new int[] {3}, new byte[3]), true);
    e = assertThrows(IOException.class, () -> IdxImages.read(shortImages, threeLabels, -1));
    assertTrue(e.getMessage().contains("ends before"), e.getMessage());
  }

  /** Debian's Fashion-MNIST (installed by bin/install-deps --test): ten classes of 28 x 28 images. */
  @Test
  void fashionMnist_fromDebiansPackage_readsTheTestSplit() throws IOException {
    IdxImages.Set test = IdxImages.fashionMnist(false, 1000);
    assertEquals(1000, test.size());
    assertEquals(28, test.rows());
    assertEquals(28, test.columns());
    assertEquals(10, java.util.Arrays.stream(test.labels()).distinct().count());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float[] image : test.pixels()) {
      for (float v : image) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    assertEquals(-1f, min);
    assertEquals(1f, max);
  }
}
