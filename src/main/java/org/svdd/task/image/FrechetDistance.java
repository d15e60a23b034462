package org.svdd.task.image;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;

/**
 * The Fréchet distance between two sets of feature vectors, each taken as a Gaussian (Heusel et al.
 * 2017, the FID's formula): |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½). Tr((Σ₁ Σ₂)^½) is computed as the sum
 * of the square roots of the eigenvalues of Σ₁^½ Σ₂ Σ₁^½, which is symmetric and has the same spectrum.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  public static double between(float[][] a, float[][] b) {
    if (a.length < 2 || b.length < 2 || a[0].length != b[0].length) {
      throw new IllegalArgumentException("the Fréchet distance needs two sets of at least 2 vectors of one size, got "
          + a.length + " and " + b.length);
    }
    double[] meanA = mean(a);
    double[] meanB = mean(b);
    RealMatrix covA = new Covariance(toDouble(a)).getCovarianceMatrix();
    RealMatrix covB = new Covariance(toDouble(b)).getCovarianceMatrix();
    double squares = 0;
    for (int i = 0; i < meanA.length; i++) {
      squares += (meanA[i] - meanB[i]) * (meanA[i] - meanB[i]);
    }
    RealMatrix rootA = symmetricSqrt(covA);
    RealMatrix middle = rootA.multiply(covB).multiply(rootA);
    middle = middle.add(middle.transpose()).scalarMultiply(0.5);
    double traceRoot = 0;
    for (double eigenvalue : new EigenDecomposition(middle).getRealEigenvalues()) {
      traceRoot += Math.sqrt(Math.max(0, eigenvalue));
    }
    return squares + covA.getTrace() + covB.getTrace() - 2 * traceRoot;
  }

  /** The square root of a symmetric positive semi-definite matrix (negative rounding-error eigenvalues as 0). */
  private static RealMatrix symmetricSqrt(RealMatrix m) {
    EigenDecomposition eigen = new EigenDecomposition(m.add(m.transpose()).scalarMultiply(0.5));
    double[] values = eigen.getRealEigenvalues();
    RealMatrix d = new Array2DRowRealMatrix(values.length, values.length);
    for (int i = 0; i < values.length; i++) {
      d.setEntry(i, i, Math.sqrt(Math.max(0, values[i])));
    }
    return eigen.getV().multiply(d).multiply(eigen.getVT());
  }

  private static double[] mean(float[][] x) {
    double[] mean = new double[x[0].length];
    for (float[] row : x) {
      for (int i = 0; i < row.length; i++) {
        mean[i] += row[i] / (double) x.length;
      }
    }
    return mean;
  }

  private static double[][] toDouble(float[][] x) {
    double[][] out = new double[x.length][];
    for (int r = 0; r < x.length; r++) {
      out[r] = new double[x[r].length];
      for (int i = 0; i < x[r].length; i++) {
        out[r][i] = x[r][i];
      }
    }
    return out;
  }
}
