package org.svdd.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Where natural images lie in a classifier's feature space: a Gaussian per class with one shared
 * covariance (Lee et al. 2018, "A simple unified framework for detecting out-of-distribution samples"),
 * and the distance below which most natural images fall. An image whose squared Mahalanobis distance to
 * the nearest class mean exceeds {@link #threshold()} does not look like the data (a blank, noise),
 * however confident the classifier's softmax is about it.
 */
public record FeatureDensity(float[][] means, double[][] precision, double threshold) {
  /** The share of held-out natural images the threshold keeps. */
  public static final double KEPT = 0.99;
  static final String FILE = "feature-density.bin";
  /** Added to the covariance's diagonal so that it inverts. */
  private static final double RIDGE = 1e-3;

  /**
   * Fits the class means and shared covariance to {@code features} of labelled images, and sets the
   * threshold at the {@link #KEPT} quantile of the distances of {@code heldOut} features.
   */
  public static FeatureDensity fit(float[][] features, int[] labels, int classes, float[][] heldOut) {
    int d = features[0].length;
    double[][] sums = new double[classes][d];
    int[] counts = new int[classes];
    for (int i = 0; i < features.length; i++) {
      counts[labels[i]]++;
      for (int k = 0; k < d; k++) {
        sums[labels[i]][k] += features[i][k];
      }
    }
    float[][] means = new float[classes][d];
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k < d; k++) {
        means[c][k] = counts[c] == 0 ? Float.NaN : (float) (sums[c][k] / counts[c]);
      }
    }
    double[][] covariance = new double[d][d];
    for (int i = 0; i < features.length; i++) {
      float[] mu = means[labels[i]];
      for (int a = 0; a < d; a++) {
        double da = features[i][a] - mu[a];
        for (int b = a; b < d; b++) {
          covariance[a][b] += da * (features[i][b] - mu[b]);
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        covariance[a][b] /= features.length;
        covariance[b][a] = covariance[a][b];
      }
      covariance[a][a] += RIDGE;
    }
    RealMatrix precision = new LUDecomposition(new Array2DRowRealMatrix(covariance)).getSolver().getInverse();
    FeatureDensity unthresholded = new FeatureDensity(means, precision.getData(), Double.POSITIVE_INFINITY);
    double[] distances = Arrays.stream(heldOut.length > 0 ? heldOut : features).mapToDouble(unthresholded::distance)
        .sorted().toArray();
    double threshold = distances[Math.min(distances.length - 1, (int) Math.ceil(KEPT * distances.length) - 1)];
    return new FeatureDensity(means, precision.getData(), threshold);
  }

  /** The squared Mahalanobis distance of a feature vector to the nearest class mean. */
  public double distance(float[] feature) {
    double best = Double.POSITIVE_INFINITY;
    int d = feature.length;
    double[] diff = new double[d];
    for (float[] mean : means) {
      if (Float.isNaN(mean[0])) {
        continue;
      }
      for (int k = 0; k < d; k++) {
        diff[k] = feature[k] - mean[k];
      }
      double q = 0;
      for (int a = 0; a < d; a++) {
        double row = 0;
        for (int b = 0; b < d; b++) {
          row += precision[a][b] * diff[b];
        }
        q += diff[a] * row;
      }
      best = Math.min(best, q);
    }
    return best;
  }

  /** Whether a feature vector lies where natural images do. */
  public boolean natural(float[] feature) {
    return distance(feature) <= threshold;
  }

  void save(Path dir) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE))))) {
      out.writeInt(means.length);
      out.writeInt(precision.length);
      for (float[] mean : means) {
        for (float v : mean) {
          out.writeFloat(v);
        }
      }
      for (double[] row : precision) {
        for (double v : row) {
          out.writeDouble(v);
        }
      }
      out.writeDouble(threshold);
    }
  }

  /** The density saved beside a classifier, or null when there is none. */
  static FeatureDensity load(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      int classes = in.readInt();
      int d = in.readInt();
      if (classes < 1 || d < 1 || d > 4096) {
        throw new IOException(file + ": implausible header (" + classes + " classes, " + d + " features)");
      }
      float[][] means = new float[classes][d];
      for (float[] mean : means) {
        for (int k = 0; k < d; k++) {
          mean[k] = in.readFloat();
        }
      }
      double[][] precision = new double[d][d];
      for (double[] row : precision) {
        for (int k = 0; k < d; k++) {
          row[k] = in.readDouble();
        }
      }
      return new FeatureDensity(means, precision, in.readDouble());
    }
  }
}
