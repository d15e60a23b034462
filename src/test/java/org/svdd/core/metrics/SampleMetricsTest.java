package org.svdd.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The per-method figures of the comparison table. */
class SampleMetricsTest {
  @Test
  void quantiles_interpolateBetweenOrderStatistics_likeNumPy() {
    assertArrayEquals(new double[] {2.5, 3.7}, SampleMetrics.quantiles(new double[] {4, 1, 3, 2}, 0.5, 0.9), 1e-12);
    assertTrue(Double.isNaN(SampleMetrics.quantile(new double[0], 0.5)));
  }

  @Test
  void editDistance_countsInsertionsDeletionsAndSubstitutions() {
    assertEquals(3, SampleMetrics.editDistance("kitten", "sitting"));
    assertEquals(4, SampleMetrics.editDistance("", "ACGU"));
    assertEquals(0, SampleMetrics.editDistance("ACGU", "ACGU"));
  }

  @Test
  void diversity_ofASmallSet_isTheMeanOverEveryPair() {
    // pairs: (AAAA, AAAT) 1/4, (AAAA, TTTT) 4/4, (AAAT, TTTT) 3/4
    assertEquals((0.25 + 1 + 0.75) / 3, SampleMetrics.diversity(List.of("AAAA", "AAAT", "TTTT")), 1e-12);
    assertEquals(Double.NaN, SampleMetrics.diversity(List.of("ACGU")), "one design has no pairs: undefined, not 0");
  }

  /** Sets of 317 and more items (over 50,000 pairs) are measured on a seeded sample of pairs. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void meanPairwise_ofALargeSet_samplesAFixedNumberOfPairs_closeToTheExactMean(long seed) {
    int n = 600;
    double[] x = new Random(seed).doubles(n).toArray();
    SampleMetrics.PairDistance distance = (i, j) -> Math.abs(x[i] - x[j]);
    double exact = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        exact += distance.between(i, j);
      }
    }
    exact /= (long) n * (n - 1) / 2;
    AtomicLong calls = new AtomicLong();
    List<int[]> selfPairs = new ArrayList<>();
    double sampled = SampleMetrics.meanPairwise(n, (i, j) -> {
      calls.incrementAndGet();
      if (i == j) {
        selfPairs.add(new int[] {i, j});
      }
      return distance.between(i, j);
    });
    assertEquals(SampleMetrics.MAX_PAIRS, calls.get(), "a fixed number of pairs, not n(n-1)/2 = 179,700");
    assertTrue(selfPairs.isEmpty(), "an item is never paired with itself");
    // |x_i - x_j| for uniform x has sd ≈ 0.24: the sample's standard error is ≈ 0.001
    assertEquals(exact, sampled, 0.006);
    assertEquals(sampled, SampleMetrics.meanPairwise(n, distance), 0.0, "one set, one figure");
  }

  @Test
  void meanPairwise_atTheCap_countsEveryPairOnce() {
    int n = 316; // 49,770 pairs
    AtomicLong calls = new AtomicLong();
    SampleMetrics.meanPairwise(n, (i, j) -> {
      assertTrue(i < j);
      calls.incrementAndGet();
      return 1;
    });
    assertEquals((long) n * (n - 1) / 2, calls.get());
  }
}
