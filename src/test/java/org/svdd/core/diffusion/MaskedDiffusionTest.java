package org.svdd.core.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.svdd.core.random.Purpose;
import org.svdd.core.random.RandomStream;

class MaskedDiffusionTest {
  private final Vocabulary rna = Vocabulary.rna();
  private final MaskedDiffusion diffusion = new MaskedDiffusion(rna, 6);

  /** Logits preferring G everywhere, U second. */
  private float[] prediction() {
    float[] logits = new float[6 * rna.cleanSize()];
    for (int i = 0; i < 6; i++) {
      logits[i * 5 + 2] = 3;
      logits[i * 5 + 3] = 2;
    }
    return logits;
  }

  @Test
  void reverseStep_lastStep_revealsEveryMask() {
    State prior = diffusion.prior(RandomStream.of(1, Purpose.PRIOR));
    State out = diffusion.reverseStep(prior, prediction(), 9, 10, RandomStream.of(1, Purpose.CHILD));
    assertTrue(diffusion.isClean(out));
  }

  @Test
  void reverseStep_keepsRevealedTokens() {
    int m = rna.mask();
    TokenState noisy = new TokenState(new int[] {0, m, 1, m, m, 4});
    for (int seed = 0; seed < 50; seed++) {
      TokenState out = (TokenState) diffusion.reverseStep(noisy, prediction(), 3, 10, RandomStream.of(seed, Purpose.CHILD));
      assertEquals(0, out.at(0));
      assertEquals(1, out.at(2));
      assertEquals(4, out.at(5));
    }
  }

  @Test
  void reverseStep_revealsWithProbabilityOneOverRemainingSteps() {
    State prior = diffusion.prior(RandomStream.of(1, Purpose.PRIOR));
    int revealed = 0;
    int trials = 20_000;
    for (int seed = 0; seed < trials; seed++) {
      TokenState out = (TokenState) diffusion.reverseStep(prior, prediction(), 0, 4, RandomStream.of(seed, Purpose.CHILD));
      for (int i = 0; i < 6; i++) {
        revealed += out.at(i) == rna.mask() ? 0 : 1;
      }
    }
    assertEquals(0.25, revealed / (6.0 * trials), 0.005);
  }

  @Test
  void cleanEstimate_fillsMasksWithArgmaxAndKeepsTheRest() {
    int m = rna.mask();
    TokenState noisy = new TokenState(new int[] {0, m, 1, m, m, 4});
    assertArrayEquals(new int[] {0, 2, 1, 2, 2, 4}, ((TokenState) diffusion.cleanEstimate(noisy, prediction())).tokens());
  }

  @Test
  void negativeElboTerm_countsOnlyMaskedPositionsWeightedByOneOverT() {
    TokenState clean = new TokenState(new int[] {2, 2, 2, 2, 2, 2});
    int m = rna.mask();
    TokenState masked = new TokenState(new int[] {m, 2, 2, 2, 2, m});
    double perToken = -Math.log(Math.exp(3) / (Math.exp(3) + Math.exp(2) + 3));
    assertEquals(2 * perToken / 0.5, diffusion.negativeElboTerm(clean, masked, prediction(), 0.5), 1e-5);
  }

  @Test
  void isClean_detectsMasks() {
    assertFalse(diffusion.isClean(diffusion.prior(RandomStream.of(0, Purpose.PRIOR))));
    assertTrue(diffusion.isClean(rna.encode("ACG", 6)));
  }

  @Test
  void reverseStep_wrongPredictionSize_namesTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> diffusion.reverseStep(diffusion.prior(null), new float[3], 0, 2, RandomStream.of(0, Purpose.CHILD)));
    assertTrue(e.getMessage().contains("expected length × classes = 30"), e.getMessage());
  }

  @Test
  void vocabulary_roundTripsTextAndRejectsUnknownSymbols() {
    assertEquals("ACGU", rna.decode(rna.encode("acgu", 6)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rna.encode("ACTG", 6));
    assertTrue(e.getMessage().contains("'T'"));
  }
}
