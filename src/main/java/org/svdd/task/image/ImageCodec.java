package org.svdd.task.image;

import java.util.Base64;
import org.svdd.core.diffusion.DesignCodec;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.State;
import org.svdd.oracle.GreyImage;

/**
 * Image designs as text: {@code <width>x<height>:<base64 of the 8-bit grey pixels, row by row>}, the
 * pixels a PNG of the design holds. Records, caches and archives key images by this text, so two
 * samples that render to the same file are one design.
 */
public record ImageCodec(int width, int height) implements DesignCodec {

  @Override
  public String text(State design) {
    if (!(design instanceof FloatState image)) {
      throw new IllegalArgumentException("an image design is a float state, got " + design);
    }
    return text(GreyImage.of(image, width, height));
  }

  public String text(GreyImage image) {
    return image.width() + "x" + image.height() + ":" + Base64.getEncoder().encodeToString(image.pixels());
  }

  /** The image a design text encodes; fails naming what does not fit. */
  public GreyImage image(String text) {
    int colon = text.indexOf(':');
    String size = colon < 0 ? "" : text.substring(0, colon);
    if (!size.equals(width + "x" + height)) {
      throw new IllegalArgumentException("not a " + width + "x" + height + " image design (expected '" + width + "x"
          + height + ":<base64 pixels>'): '" + abbreviate(text) + "'");
    }
    byte[] pixels;
    try {
      pixels = Base64.getDecoder().decode(text.substring(colon + 1).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the pixels of image design '" + abbreviate(text) + "' are not base64: "
          + e.getMessage());
    }
    if (pixels.length != width * height) {
      throw new IllegalArgumentException("image design '" + abbreviate(text) + "' holds " + pixels.length
          + " pixels, a " + width + "x" + height + " image " + width * height);
    }
    return new GreyImage(width, height, pixels);
  }

  @Override
  public FloatState parse(String text, int length) {
    if (length != width * height) {
      throw new IllegalArgumentException("a " + width + "x" + height + " image has " + width * height
          + " values, not " + length);
    }
    return image(text).state();
  }

  private static String abbreviate(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "...";
  }
}
