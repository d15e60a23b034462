package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;

/**
 * The sequence classifier learns a separable task in both architectures, scores a sequence alike alone,
 * in a batch and after saving and loading, refuses what it cannot read, and backs a learned reward.
 */
class SequenceClassifierTest {
  private static final int LENGTH = 40;
  private static final List<String> CLASSES = List.of("plain", "marked");
  @TempDir Path dir;

  /** Label 1: GC-rich second half; label 0: AT-rich (a composition and a motif-free signal both architectures see). */
  private static List<String> windows(int n, long seed, int[] labels) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      labels[k] = random.nextInt(2);
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < LENGTH; i++) {
        boolean biased = i >= LENGTH / 2 && random.nextDouble() < 0.7;
        s.append(biased ? (labels[k] == 1 ? "GC" : "AT").charAt(random.nextInt(2)) : "ACGT".charAt(random.nextInt(4)));
      }
      out.add(s.toString());
    }
    return out;
  }

  private static SequenceClassifier trained(String architecture) {
    return trained(architecture, 2);
  }

  private static SequenceClassifier trained(String architecture, long seed) {
    int[] labels = new int[256];
    List<String> windows = windows(256, 1, labels);
    return ClassifierTrainer.train(windows, labels, List.of(), new int[0], "ACGT", architecture, CLASSES,
        new TrainingSettings(8, 32, 0.003f, seed), r -> {});
  }

  /**
   * An ensemble's log-odds are the mean of its members' (two classes), its rows are normalised, and it saves
   * and loads as one classifier with every member; a missing member's weights are refused naming the file.
   */
  @Test
  void ensemble_averagesItsMembersLogOdds_andSavesAndLoadsThemAll() throws Exception {
    int[] labels = new int[16];
    List<String> some = windows(16, 13, labels);
    SequenceClassifier a = trained(SequenceClassifier.CNN, 2);
    SequenceClassifier b = trained(SequenceClassifier.CNN, 3);
    SequenceClassifier c = trained(SequenceClassifier.CNN, 4);
    double[] oa = a.logOdds(some, 1);
    double[] ob = b.logOdds(some, 1);
    double[] oc = c.logOdds(some, 1);
    double spread = 0;
    try (SequenceClassifier ensemble = SequenceClassifier.ensemble(List.of(a, b, c))) {
      assertEquals(3, ensemble.members());
      double[] odds = ensemble.logOdds(some, 1);
      float[][] logp = ensemble.logProbabilities(some);
      for (int i = 0; i < some.size(); i++) {
        assertEquals((oa[i] + ob[i] + oc[i]) / 3, odds[i], 1e-4, "row " + i);
        assertEquals(1, Math.exp(logp[i][0]) + Math.exp(logp[i][1]), 1e-5, "row " + i + " sums to 1");
        spread = Math.max(spread, Math.abs(oa[i] - ob[i]));
      }
      ensemble.save(dir.resolve("ensemble"));
      try (SequenceClassifier loaded = SequenceClassifier.load(dir.resolve("ensemble"))) {
        assertEquals(3, loaded.members());
        assertArrayEquals(odds, loaded.logOdds(some, 1), 1e-6);
      }
    }
    assertTrue(spread > 1e-3, "members from other seeds should differ: " + spread);
    assertTrue(Files.readString(dir.resolve("ensemble/classifier.properties")).contains("members=3"));
    Files.delete(dir.resolve("ensemble/member-3-0000.params"));
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> SequenceClassifier.load(dir.resolve("ensemble")));
    assertTrue(e.getMessage().contains("member-3"), e.getMessage());
    try (SequenceClassifier kmer = trained(SequenceClassifier.KMER); SequenceClassifier cnn = trained(SequenceClassifier.CNN)) {
      assertThrows(IllegalArgumentException.class, () -> SequenceClassifier.ensemble(List.of(kmer, cnn)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SequenceClassifier.CNN, SequenceClassifier.KMER})
  void bothArchitectures_learnASeparableTask(String architecture) {
    int[] labels = new int[128];
    List<String> fresh = windows(128, 9, labels);
    try (SequenceClassifier c = trained(architecture)) {
      assertTrue(c.accuracy(fresh, labels) > 0.9, architecture + " accuracy " + c.accuracy(fresh, labels));
      double[] odds = c.logOdds(fresh, c.classIndex("marked"));
      float[][] logp = c.logProbabilities(fresh);
      for (int i = 0; i < fresh.size(); i++) {
        assertEquals(logp[i][1] - logp[i][0], odds[i], 1e-5, "two classes: the log-odds is the difference");
      }
    }
  }

  @Test
  void aSequence_scoresAlike_aloneInABatch_andAfterSavingAndLoading() throws Exception {
    int[] labels = new int[21];
    List<String> some = windows(21, 5, labels);
    try (SequenceClassifier c = trained(SequenceClassifier.KMER)) {
      float[][] batch = c.logProbabilities(some);
      for (int i : new int[] {0, 7, 20}) {
        assertArrayEquals(batch[i], c.logProbabilities(List.of(some.get(i)))[0], "row " + i + " alone");
      }
      c.save(dir.resolve("kmer"));
      try (SequenceClassifier loaded = SequenceClassifier.load(dir.resolve("kmer"))) {
        assertEquals(SequenceClassifier.KMER, loaded.architecture());
        assertArrayEquals(batch[3], loaded.logProbabilities(List.of(some.get(3)))[0]);
      }
    }
  }

  @Test
  void whatItCannotRead_isRefusedNamingTheProblem() throws Exception {
    try (SequenceClassifier c = trained(SequenceClassifier.CNN)) {
      IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
          () -> c.logProbabilities(List.of("ACGT")));
      assertTrue(length.getMessage().contains("sequences of 40, got 4"), length.getMessage());
      IllegalArgumentException symbol = assertThrows(IllegalArgumentException.class,
          () -> c.logProbabilities(List.of("N" + "A".repeat(LENGTH - 1))));
      assertTrue(symbol.getMessage().contains("reads ACGT, got 'N' at 1"), symbol.getMessage());
      c.save(dir.resolve("cnn"));
    }
    Files.writeString(dir.resolve("cnn/classifier.properties"), "architecture=cnn\n");
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> SequenceClassifier.load(dir.resolve("cnn")));
    assertTrue(e.getMessage().contains("input=sequence"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SequenceClassifier.network("rnn", 2));
  }

  @Test
  void oracle_rewardsTheLogOdds_andAShortDesignGetsTheFloorWithItsReason() {
    int[] labels = new int[4];
    List<String> some = windows(4, 11, labels);
    Vocabulary dna = Vocabulary.ofCharacters("ACGT");
    MaskedDiffusion process = new MaskedDiffusion(dna, LENGTH);
    SequenceClassifier c = trained(SequenceClassifier.CNN);
    double[] odds = c.logOdds(some, 1);
    try (SequenceClassifierOracle oracle = new SequenceClassifierOracle(c, dna, "marked", "marked", "test")) {
      List<State> designs = new ArrayList<>(some.stream().map(s -> (State) dna.parse(s, LENGTH)).toList());
      designs.add(dna.parse("ACGT", LENGTH));
      List<Reward> rewards = oracle.score(designs).toCompletableFuture().join();
      for (int i = 0; i < some.size(); i++) {
        assertEquals(Math.max(-20, Math.min(20, odds[i])), rewards.get(i).value(), 1e-9);
      }
      assertEquals(-SequenceClassifierOracle.BOUND, rewards.get(4).value());
      assertTrue(rewards.get(4).detail().contains("length 4, the predictor reads 40"), rewards.get(4).detail());
      assertTrue(oracle.identity().startsWith("marked "));
    }
  }
}
