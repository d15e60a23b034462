package org.svdd.task;

/**
 * What a task measures of a set of designs besides their rewards; NaN where a figure does not apply.
 *
 * @param diversity mean pairwise dissimilarity in [0, 1] (RNA: normalised edit distance; molecules:
 *     1 − Tanimoto similarity of ECFP4 fingerprints)
 * @param kmer3Correlation Pearson correlation of 3-mer frequencies with the held-out natural designs
 * @param validity fraction of designs that are valid (molecules: a non-empty single-fragment molecule)
 * @param uniqueness fraction of valid designs that are distinct
 * @param novelty fraction of distinct valid designs absent from the model's training data
 * @param figures the task's own figures of the set, by name (promoter: {@code tata}, the fraction with a
 *     TATA box where core promoters have it)
 */
public record DesignSetMetrics(double diversity, double kmer3Correlation, double validity, double uniqueness,
    double novelty, java.util.Map<String, Double> figures) {

  public DesignSetMetrics {
    figures = java.util.Map.copyOf(figures);
  }

  /** Without figures of the task's own. */
  public DesignSetMetrics(double diversity, double kmer3Correlation, double validity, double uniqueness, double novelty) {
    this(diversity, kmer3Correlation, validity, uniqueness, novelty, java.util.Map.of());
  }
}
