package org.svdd.oracle;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.svdd.core.diffusion.FloatState;

/**
 * An 8-bit grey image: what an image design is once it leaves the sampler, and what its PNG holds.
 * Values in [−1, 1] map to 0..255 (rounded, clipped), so rewards computed here see exactly the file a
 * person opens.
 */
public record GreyImage(int width, int height, byte[] pixels) {

  public GreyImage {
    if (width < 1 || height < 1 || pixels.length != width * height) {
      throw new IllegalArgumentException("a " + width + " x " + height + " image needs " + (long) width * height
          + " pixels, got " + pixels.length);
    }
  }

  /** The image of a state of {@code width × height} values in [−1, 1], row by row. */
  public static GreyImage of(FloatState state, int width, int height) {
    if (state.length() != width * height) {
      throw new IllegalArgumentException("a " + width + " x " + height + " image has " + width * height
          + " values, the state " + state.length());
    }
    return new GreyImage(width, height, state.greyLevels());
  }

  /** The state of this image at t = 0. */
  public FloatState state() {
    return FloatState.ofGreyLevels(pixels);
  }

  /**
   * The picture in an image file's bytes (PNG, or any format {@code javax.imageio} reads): 8-bit grey, or colour
   * whose every pixel is grey and opaque, as a program that saves grey pictures in RGB writes them.
   *
   * @throws IllegalArgumentException saying why the bytes are not such a picture
   */
  public static GreyImage decode(byte[] bytes) {
    BufferedImage image;
    try {
      image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a readable image: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new IllegalArgumentException("not an image file (PNG expected)");
    }
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] pixels = new byte[width * height];
    if (image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY) {
      java.awt.image.Raster raster = image.getRaster();
      int bits = raster.getSampleModel().getSampleSize(0);
      if (bits != 8) {
        throw new IllegalArgumentException(bits + "-bit grey; an image design is 8-bit grey");
      }
      boolean alpha = image.getColorModel().hasAlpha();
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          if (alpha && raster.getSample(x, y, 1) != 0xff) {
            throw transparent(x, y);
          }
          pixels[y * width + x] = (byte) raster.getSample(x, y, 0);
        }
      }
      return new GreyImage(width, height, pixels);
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int argb = image.getRGB(x, y);
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        if (argb >>> 24 != 0xff) {
          throw transparent(x, y);
        }
        if (r != g || g != b) {
          throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
              "a colour image: pixel (%d, %d) is #%02x%02x%02x; an image design is grey", x, y, r, g, b));
        }
        pixels[y * width + x] = (byte) r;
      }
    }
    return new GreyImage(width, height, pixels);
  }

  private static IllegalArgumentException transparent(int x, int y) {
    return new IllegalArgumentException("pixel (" + x + ", " + y + ") is transparent; an image design is opaque");
  }

  public BufferedImage buffered() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, width, height, pixels);
    return image;
  }

  /** The PNG file's bytes (deterministic: the same pixels give the same bytes). */
  public byte[] png() {
    return encode(buffered(), "png");
  }

  /** The JPEG file's bytes at {@code quality} in (0, 1], baseline, as {@code javax.imageio} writes it. */
  public byte[] jpeg(float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(buffered(), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, bytes)) {
        throw new IllegalStateException("no " + format + " writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Images side by side in rows of {@code columns}, {@code gap} black pixels apart, each scaled {@code zoom} times. */
  public static byte[] gridPng(java.util.List<GreyImage> images, int columns, int zoom, int gap) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("a grid needs at least one image");
    }
    int w = images.get(0).width() * zoom;
    int h = images.get(0).height() * zoom;
    int rows = (images.size() + columns - 1) / columns;
    int cols = Math.min(columns, images.size());
    BufferedImage grid = new BufferedImage(cols * (w + gap) + gap, rows * (h + gap) + gap, BufferedImage.TYPE_BYTE_GRAY);
    for (int k = 0; k < images.size(); k++) {
      GreyImage image = images.get(k);
      int x0 = gap + (k % columns) * (w + gap);
      int y0 = gap + (k / columns) * (h + gap);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int level = image.pixels()[(y / zoom) * image.width() + x / zoom] & 0xff;
          grid.getRaster().setSample(x0 + x, y0 + y, 0, level);
        }
      }
    }
    return encode(grid, "png");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GreyImage g && g.width == width && g.height == height && Arrays.equals(g.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "GreyImage[" + width + " x " + height + "]";
  }
}
