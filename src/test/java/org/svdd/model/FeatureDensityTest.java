package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The class-conditional Gaussian of features: distances, the natural region, saving. */
class FeatureDensityTest {
  @TempDir Path dir;

  /** Two unit-variance clusters in 3-D around (±4, 0, 0); label = cluster. */
  private static float[][] clusters(int n, Random random, int[] labels) {
    float[][] out = new float[n][3];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      for (int k = 0; k < 3; k++) {
        out[i][k] = (float) random.nextGaussian();
      }
      out[i][0] += labels[i] == 0 ? -4 : 4;
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void distances_areSquaredMahalanobisToTheNearestMean_andTheThresholdKeeps99PercentOfHeldOut(long seed) throws IOException {
    Random random = new Random(seed);
    int[] labels = new int[4000];
    float[][] train = clusters(4000, random, labels);
    float[][] heldOut = clusters(2000, random, new int[2000]);
    FeatureDensity density = FeatureDensity.fit(train, labels, 2, heldOut);
    // unit covariance: the distance is close to the squared Euclidean distance to the nearer centre
    assertEquals(1.0, density.distance(new float[] {-4, 1, 0}), 0.15);
    assertEquals(4.0, density.distance(new float[] {4, 0, 2}), 0.4);
    long kept = java.util.Arrays.stream(heldOut).filter(density::natural).count();
    assertEquals(0.99, kept / 2000.0, 0.006);
    assertFalse(density.natural(new float[] {0, 0, 0}), "between the clusters, 16 from each mean");
    assertFalse(density.natural(new float[] {-4, 9, 0}));
    assertTrue(density.natural(new float[] {4, 0.5f, -0.5f}));
    density.save(dir);
    FeatureDensity loaded = FeatureDensity.load(dir);
    assertEquals(density.threshold(), loaded.threshold());
    assertArrayEquals(density.means()[1], loaded.means()[1]);
    assertEquals(density.distance(new float[] {1, 2, 3}), loaded.distance(new float[] {1, 2, 3}), 0);
  }
}
