package org.svdd.model;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.svdd.core.diffusion.GaussianDiffusion;
import org.svdd.core.diffusion.NoiseSchedule;

/**
 * A Gaussian image model's shape and process, as {@code model.properties} records it: grey images of
 * {@code height × width} values in [−1, 1], the {@link SmallUNet} of {@code base} channels predicting
 * the noise, and the noise schedule it was trained on.
 */
public record ImageNetwork(int height, int width, int base, NoiseSchedule schedule) {
  /** The value of {@code process=} for these models (masked-diffusion models leave it out). */
  public static final String PROCESS = "gaussian";
  /** DDIM stochasticity when sampling: 1 is DDPM's ancestral step, what SVDD's image code runs. */
  public static final double ETA = 1.0;

  public ImageNetwork {
    if (height < 4 || width < 4 || height % 4 != 0 || width % 4 != 0) {
      throw new IllegalArgumentException("image sides must be multiples of 4, got " + height + " x " + width);
    }
    if (base < 1) {
      throw new IllegalArgumentException("the U-Net needs at least one channel, got " + base);
    }
  }

  /** The diffusion process over these images. */
  public GaussianDiffusion process() {
    return new GaussianDiffusion(height * width, schedule, ETA, -1, 1);
  }

  Block block() {
    return new SmallUNet(base);
  }

  void write(Properties p) {
    p.setProperty("process", PROCESS);
    p.setProperty("height", Integer.toString(height));
    p.setProperty("width", Integer.toString(width));
    p.setProperty("base", Integer.toString(base));
    p.setProperty("schedule", schedule.name().toLowerCase(Locale.ROOT));
  }

  static ImageNetwork read(Properties p, Path file) {
    String schedule = p.getProperty("schedule", "cosine").strip();
    NoiseSchedule parsed = java.util.Arrays.stream(NoiseSchedule.values())
        .filter(s -> s.name().equalsIgnoreCase(schedule)).findFirst()
        .orElseThrow(() -> new InvalidModelException(file + ": 'schedule' must be cosine or linear, got '" + schedule + "'"));
    try {
      return new ImageNetwork(ModelFiles.positive(p, "height", file), ModelFiles.positive(p, "width", file),
          ModelFiles.positive(p, "base", file), parsed);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(file + ": " + e.getMessage(), e);
    }
  }
}
