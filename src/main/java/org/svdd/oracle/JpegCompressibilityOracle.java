package org.svdd.oracle;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.FloatState;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/**
 * JPEG compressibility, the reward of SVDD's image experiments (arXiv 2408.08252, Sec. 7, after DDPO's,
 * Black et al. 2023): minus the size in kB (1,000 bytes) of the design's 8-bit image written as a JPEG
 * at quality 95. Runs in-process (an encode takes tens of microseconds at 28 × 28).
 */
public final class JpegCompressibilityOracle implements RewardOracle {
  public static final String NAME = "jpeg-compressibility";
  static final float QUALITY = 0.95f;
  private final int width;
  private final int height;

  public JpegCompressibilityOracle(int width, int height) {
    this.width = width;
    this.height = height;
  }

  @Override
  public CompletionStage<List<Reward>> score(List<State> designs) {
    try {
      return CompletableFuture.completedFuture(designs.stream().map(this::score).toList());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Reward score(State design) {
    if (!(design instanceof FloatState image)) {
      throw new IllegalArgumentException("JPEG compressibility scores images, got " + design);
    }
    int bytes = GreyImage.of(image, width, height).jpeg(QUALITY).length;
    return new Reward(-bytes / 1000.0, "");
  }

  @Override
  public String identity() {
    return NAME + " q" + Math.round(QUALITY * 100) + " " + width + "x" + height;
  }
}
