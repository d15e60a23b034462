package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;

/** 8-bit images of float states, their PNG and JPEG files, and the JPEG-compressibility reward. */
class GreyImageTest {

  @Test
  void values_mapToGreyLevels_roundedAndClipped() {
    GreyImage image = GreyImage.of(new FloatState(new float[] {-1, 1, 0, -3, 2, 0.999f}, 0), 3, 2);
    assertArrayEquals(new int[] {0, 255, 128, 0, 255, 255}, levels(image));
    assertArrayEquals(new float[] {-1, 1, 128 / 255f * 2 - 1, -1, 1, 1}, image.state().values(), 1e-6f);
  }

  @Test
  void png_holdsThePixels_andTheSamePixelsGiveTheSameBytes() throws IOException {
    GreyImage image = stripes(8, 4);
    BufferedImage read = ImageIO.read(new ByteArrayInputStream(image.png()));
    assertEquals(8, read.getWidth());
    assertEquals(4, read.getHeight());
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        assertEquals(image.pixels()[y * 8 + x] & 0xff, read.getRaster().getSample(x, y, 0));
      }
    }
    assertArrayEquals(image.png(), stripes(8, 4).png());
  }

  @Test
  void grid_placesImagesInRows_scaledWithGaps() throws IOException {
    List<GreyImage> images = List.of(stripes(4, 4), stripes(4, 4), stripes(4, 4));
    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(GreyImage.gridPng(images, 2, 3, 1)));
    assertEquals(2 * (12 + 1) + 1, grid.getWidth());
    assertEquals(2 * (12 + 1) + 1, grid.getHeight());
    assertEquals(stripes(4, 4).pixels()[1] & 0xff, grid.getRaster().getSample(1 + 3, 1, 0), "pixel (1, 0) zoomed 3 times");
    assertThrows(IllegalArgumentException.class, () -> GreyImage.gridPng(List.of(), 2, 1, 1));
  }

  @Test
  void jpegCompressibility_isMinusTheKilobytesAtQuality95_andAFlatImageBeatsNoise() throws Exception {
    JpegCompressibilityOracle oracle = new JpegCompressibilityOracle(28, 28);
    float[] flat = new float[784];
    float[] noisy = new float[784];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = random.nextFloat() * 2 - 1;
    }
    List<Reward> rewards = oracle.score(List.of(new FloatState(flat, 0), new FloatState(noisy, 0))).toCompletableFuture().get();
    int noisyBytes = GreyImage.of(new FloatState(noisy, 0), 28, 28).jpeg(0.95f).length;
    assertEquals(-noisyBytes / 1000.0, rewards.get(1).value(), 1e-12);
    assertTrue(rewards.get(0).value() > rewards.get(1).value() + 0.2, rewards.toString());
    assertEquals(rewards.get(1), oracle.score(List.of(new FloatState(noisy, 0))).toCompletableFuture().get().get(0),
        "the same image, the same reward");
  }

  @Test
  void jpegCompressibility_ofATokenDesign_failsNamingIt() {
    JpegCompressibilityOracle oracle = new JpegCompressibilityOracle(2, 2);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> oracle.score(List.of(new TokenState(new int[] {1, 2}))).toCompletableFuture().get());
    assertTrue(e.getCause().getMessage().contains("scores images"), e.getCause().getMessage());
  }

  /** A grey picture reads back as the same pixels whether its file stores it as grey, grey with alpha or RGB. */
  @Test
  void decode_greyInAnyLayout_givesThePixels() throws IOException {
    GreyImage image = stripes(8, 4);
    assertEquals(image, GreyImage.decode(image.png()));
    for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR}) {
      BufferedImage colour = new BufferedImage(8, 4, type);
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 8; x++) {
          int v = image.pixels()[y * 8 + x] & 0xff;
          colour.setRGB(x, y, 0xff000000 | v << 16 | v << 8 | v);
        }
      }
      assertEquals(image, GreyImage.decode(GreyImage.encode(colour, "png")), "type " + type);
    }
  }

  @Test
  void decode_whatIsNotAnOpaqueEightBitGreyPicture_isRefusedSayingWhy() {
    BufferedImage colour = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    colour.setRGB(2, 1, 0x102030);
    assertEquals("a colour image: pixel (2, 1) is #102030; an image design is grey",
        assertThrows(IllegalArgumentException.class, () -> GreyImage.decode(GreyImage.encode(colour, "png"))).getMessage());
    BufferedImage clear = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
    assertEquals("pixel (0, 0) is transparent; an image design is opaque",
        assertThrows(IllegalArgumentException.class, () -> GreyImage.decode(GreyImage.encode(clear, "png"))).getMessage());
    BufferedImage deep = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
    assertEquals("16-bit grey; an image design is 8-bit grey",
        assertThrows(IllegalArgumentException.class, () -> GreyImage.decode(GreyImage.encode(deep, "png"))).getMessage());
    assertEquals("not an image file (PNG expected)", assertThrows(IllegalArgumentException.class,
        () -> GreyImage.decode("GGGGAAAACCCC".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).getMessage());
  }

  private static GreyImage stripes(int width, int height) {
    byte[] pixels = new byte[width * height];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) ((i % width) * 255 / (width - 1));
    }
    return new GreyImage(width, height, pixels);
  }

  private static int[] levels(GreyImage image) {
    int[] out = new int[image.pixels().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = image.pixels()[i] & 0xff;
    }
    return out;
  }
}
