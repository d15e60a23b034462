package org.svdd.testing;

import java.time.Duration;
import java.util.Arrays;
import org.svdd.cluster.EngineSettings;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;

/**
 * The small model most engine and service tests sample from: sequences over A, B and C of up to six positions,
 * from a fake denoiser whose per-position probabilities are {@link #rows}, run with {@link #SETTINGS}.
 */
public final class AbcModel {
  public static final Vocabulary ABC = Vocabulary.ofCharacters("ABC");
  /** One batch worker of 16 rows, micro-batches of 4, 8 designs in flight, answers awaited 30 s, no checkpoints. */
  public static final EngineSettings SETTINGS =
      new EngineSettings(1, 16, Duration.ofMillis(1), 4, 8, 10_000, Duration.ofSeconds(30));
  private static final double[][] P = {{0.4, 0.3, 0.2, 0.1}, {0.1, 0.2, 0.3, 0.4}, {0.25, 0.25, 0.25, 0.25},
      {0.5, 0.1, 0.3, 0.1}, {0.2, 0.5, 0.2, 0.1}, {0.3, 0.3, 0.3, 0.1}};

  private AbcModel() {}

  /** The clean-class probabilities of the first {@code length} positions, a fresh copy. */
  public static double[][] rows(int length) {
    if (length < 1 || length > P.length) {
      throw new IllegalArgumentException("the ABC model has 1 to " + P.length + " positions, asked " + length);
    }
    return Arrays.stream(P, 0, length).map(double[]::clone).toArray(double[][]::new);
  }

  /** Masked diffusion over sequences of {@code length}. */
  public static MaskedDiffusion process(int length) {
    return new MaskedDiffusion(ABC, length);
  }
}
