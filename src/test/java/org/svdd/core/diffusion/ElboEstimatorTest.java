package org.svdd.core.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.testing.FactorizedDenoiserFake;

/** The naturalness estimate reports how many sequences are done as its forward passes go. */
class ElboEstimatorTest {
  private final Vocabulary rna = Vocabulary.rna();
  private final MaskedDiffusion diffusion = new MaskedDiffusion(rna, 6);

  private ElboEstimator estimator(int samples, int maxBatch) {
    double[][] p = new double[6][rna.cleanSize()];
    for (double[] row : p) {
      java.util.Arrays.fill(row, 1.0 / row.length);
      row[2] += 0.5;
    }
    return new ElboEstimator(diffusion, new FactorizedDenoiserFake(p), samples, maxBatch);
  }

  /** Batches of 1, 7 (straddling sequences of 4 samples), 4 (one sequence each) and 100 (all in one). */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 4, 100})
  void progress_risesToEverySequence_andNeverCountsOneBeforeAllItsSamplesAreIn(int maxBatch) {
    List<TokenState> sequences = IntStream.range(0, 10)
        .mapToObj(i -> new TokenState(new int[] {i % 4, 1, 2, 3, (i / 4) % 4, 0})).toList();
    List<Integer> progress = new ArrayList<>();
    double[] withProgress = estimator(4, maxBatch).logLikelihoodPerSymbol(sequences, 3, progress::add);
    assertArrayEquals(estimator(4, maxBatch).logLikelihoodPerSymbol(sequences, 3), withProgress, 0.0);
    assertEquals(10, progress.get(progress.size() - 1));
    for (int i = 0; i < progress.size(); i++) {
      assertTrue(i == 0 || progress.get(i) >= progress.get(i - 1), "never falls: " + progress);
      // after the k-th full batch, k·maxBatch samples are in: at most ⌊k·maxBatch / 4⌋ whole sequences
      assertTrue(i == progress.size() - 1 || progress.get(i) <= (i + 1) * maxBatch / 4, progress.toString());
    }
    if (maxBatch < 40) {
      assertTrue(progress.size() > 1, "reported before the end: " + progress);
    }
  }

  /** A sequence's figure is a function of it and the seed: not of its place, its neighbours or its copies. */
  @ParameterizedTest
  @ValueSource(longs = {0, 3, 99})
  void aSequence_readsTheSameWhereverItStands(long seed) {
    TokenState a = new TokenState(new int[] {0, 1, 2, 3, 0, 1});
    TokenState b = new TokenState(new int[] {3, 3, 2, 1, 0, 0});
    TokenState c = new TokenState(new int[] {2, 2, 2, 1, 1, 4});
    double[] one = estimator(4, 7).logLikelihoodPerSymbol(List.of(a, b, c), seed);
    double[] shuffled = estimator(4, 7).logLikelihoodPerSymbol(List.of(c, a, a, b, a), seed);
    assertArrayEquals(new double[] {one[2], one[0], one[0], one[1], one[0]}, shuffled, 0.0);
    assertEquals(one[1], estimator(4, 1).logLikelihoodPerSymbol(List.of(b), seed)[0], 0.0);
    List<Integer> progress = new ArrayList<>();
    estimator(4, 4).logLikelihoodPerSymbol(List.of(c, a, a, b, a), seed, progress::add);
    assertEquals(List.of(1, 4, 5, 5), progress, "a copy is done with the first of its kind");
    assertTrue(one[0] != estimator(4, 7).logLikelihoodPerSymbol(List.of(a), seed + 1)[0], "another seed, another draw");
  }
}
