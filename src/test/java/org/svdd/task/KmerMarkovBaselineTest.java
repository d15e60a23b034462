package org.svdd.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The model card's baseline: a smoothed Markov chain whose likelihoods are those of a distribution over sequences. */
class KmerMarkovBaselineTest {

  /** Order 1 over {0, 1} and the end, trained on "01": each context's counts plus one, over its total plus three. */
  @Test
  void logLikelihood_ofAShortSequence_isTheSmoothedCountsByHand() {
    KmerMarkovBaseline chain = new KmerMarkovBaseline(1, 2, List.of(new int[] {0, 1}));
    // start -> 0 seen once: 2/4; after 0 -> 1 seen once: 2/4; after 1 -> end seen once: 2/4
    assertEquals(3 * Math.log(0.5), chain.logLikelihood(new int[] {0, 1}), 1e-12);
    // start -> 1 unseen: 1/4; after 1 -> end: 2/4
    assertEquals(Math.log(0.25) + Math.log(0.5), chain.logLikelihood(new int[] {1}), 1e-12);
    // after 0 -> end unseen: 1/4; the end's cost is counted, the per-symbol mean divides by the symbols only
    assertEquals(Math.log(0.5) + Math.log(0.25), chain.logLikelihood(new int[] {0}), 1e-12);
    assertEquals(Math.log(0.5) + Math.log(0.25), chain.logLikelihoodPerSymbol(List.of(new int[] {0})), 1e-12);
    // after 1 -> 1 unseen: 1/4, then the end: 2/4
    assertEquals(3 * Math.log(0.5) + Math.log(0.25), chain.logLikelihood(new int[] {0, 1, 1}), 1e-12);
    // over {0, 1, 2}: start -> 2 unseen: 1/5; after 2, a context never seen: uniform over three symbols and the end
    KmerMarkovBaseline wider = new KmerMarkovBaseline(1, 3, List.of(new int[] {0, 1}));
    assertEquals(Math.log(0.2) + Math.log(0.25), wider.logLikelihood(new int[] {2}), 1e-12);
  }

  /**
   * Over every sequence up to a length, the probabilities sum to at most one and come close to it (what is left is the
   * chance of going on past that length): a proper distribution, whatever the order, alphabet and training data.
   */
  @ParameterizedTest
  @CsvSource({"0, 2, 1", "1, 2, 2", "2, 2, 3", "1, 3, 4", "3, 2, 5", "2, 3, 6"})
  void likelihoods_overEverySequence_sumToOne(int order, int symbols, long seed) {
    Random random = new Random(seed);
    List<int[]> training = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      int[] s = new int[random.nextInt(4)];
      for (int i = 0; i < s.length; i++) {
        s[i] = random.nextInt(symbols);
      }
      training.add(s);
    }
    KmerMarkovBaseline chain = new KmerMarkovBaseline(order, symbols, training);
    int longest = symbols == 2 ? 16 : 10;
    double total = 0;
    List<int[]> ofLength = List.of(new int[0]);
    for (int length = 0; length <= longest; length++) {
      List<int[]> longer = new ArrayList<>();
      for (int[] s : ofLength) {
        total += Math.exp(chain.logLikelihood(s));
        for (int a = 0; a < symbols; a++) {
          int[] t = java.util.Arrays.copyOf(s, length + 1);
          t[length] = a;
          longer.add(t);
        }
      }
      ofLength = longer;
    }
    assertTrue(total <= 1 + 1e-9, "no more than one: " + total);
    assertTrue(total > 0.97, "nearly all of the mass by length " + longest + ": " + total);
  }
}
