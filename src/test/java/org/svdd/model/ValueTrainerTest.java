package org.svdd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.core.reward.Reward;

/**
 * The value network's training recovers a known value function: clean sequences over {A, B} drawn
 * uniformly, the reward their count of B, states masked at random; the best regressor is then
 * E[r | x_t] = (B's visible) + (masked) / 2, which no single label shows.
 */
class ValueTrainerTest {
  private static final int LENGTH = 12;
  private static final Vocabulary AB = Vocabulary.ofCharacters("AB");
  @TempDir Path dir;

  private record Data(List<TokenState> states, double[] rewards) {}

  private static Data data(int n, long seed) {
    Random random = new Random(seed);
    List<TokenState> states = new ArrayList<>();
    double[] rewards = new double[n];
    for (int k = 0; k < n; k++) {
      int[] tokens = new int[LENGTH];
      double masking = random.nextDouble();
      for (int i = 0; i < LENGTH; i++) {
        int symbol = random.nextInt(2);
        rewards[k] += symbol;
        tokens[i] = random.nextDouble() < masking ? AB.mask() : symbol;
      }
      states.add(new TokenState(tokens));
    }
    return new Data(states, rewards);
  }

  private static double known(TokenState s) {
    double v = 0;
    for (int t : s.tokens()) {
      v += t == 1 ? 1 : t == AB.mask() ? 0.5 : 0;
    }
    return v;
  }

  @Test
  void training_recoversTheKnownValueFunction_andTheNetworkSavesAndLoads() throws Exception {
    Data train = data(6000, 1);
    Data test = data(300, 2);
    // Held out against the known value function, not the noisy labels: a label's own spread (about 1.5 in
    // squared error) would hide whether the network is learning.
    double[] knownValues = test.states().stream().mapToDouble(ValueTrainerTest::known).toArray();
    List<ValueTrainer.EpochReport> history = new ArrayList<>();
    try (ValueNetwork network = ValueTrainer.train(train.states(), train.rewards(), test.states(), knownValues,
        new TokenValueInput(AB, LENGTH), "count-b", new TrainingSettings(6, 64, 0.003f, 3), history::add)) {
      double[] values = network.values(test.states());
      double error = 0;
      double spread = 0;
      for (int i = 0; i < values.length; i++) {
        error += Math.abs(values[i] - knownValues[i]);
        spread += Math.abs(test.rewards()[i] - knownValues[i]);
      }
      error /= values.length;
      spread /= values.length;
      assertTrue(error < 0.35, "mean |v - known value| = " + error + " (a label is off by " + spread + " on average)");
      assertEquals(6, history.size());
      double last = history.get(5).heldOutError();
      assertEquals(ValueTrainer.meanSquaredError(network, test.states(), knownValues), last, 1e-9,
          "the last epoch's report measures the network returned");
      double mean = Arrays.stream(knownValues).average().orElseThrow();
      double constant = Arrays.stream(knownValues).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
      assertTrue(last < 0.2 * constant, "held-out squared error " + last + " against " + constant
          + " for the best constant: " + history);
      network.save(dir.resolve("v"), "0123456789abcdef", "fedcba9876543210");
      try (ValueNetwork loaded = ValueNetwork.load(dir.resolve("v"))) {
        assertEquals("count-b", loaded.reward());
        assertEquals(java.util.Optional.of("0123456789abcdef"), loaded.fittedTo(), "the model it was fitted to");
        assertEquals(java.util.Optional.of("fedcba9876543210"), loaded.rewardModel(), "and the one that scored it");
        assertArrayEquals(values, loaded.values(test.states()), 1e-9);
        List<State> two = List.of(test.states().get(0), test.states().get(1));
        try (ValueNetworkOracle oracle = new ValueNetworkOracle(ValueNetwork.load(dir.resolve("v")), "v")) {
          List<Reward> rewards = oracle.score(two).toCompletableFuture().join();
          assertEquals(values[0], rewards.get(0).value(), 1e-9);
          assertEquals(values[1], rewards.get(1).value(), 1e-9);
        }
      }
    }
  }

  @Test
  void aBrokenOrWrongInput_isRefusedNamingTheProblem() throws Exception {
    Data train = data(64, 4);
    try (ValueNetwork network = ValueTrainer.train(train.states(), train.rewards(), List.of(), new double[0],
        new TokenValueInput(AB, LENGTH), "count-b", new TrainingSettings(1, 32, 0.003f, 3), r -> {})) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> network.values(List.of(new TokenState(new int[3]))));
      assertTrue(e.getMessage().contains("states of 12 positions, got 3"), e.getMessage());
      network.save(dir.resolve("w"), "", "");
      network.save(dir.resolve("cut"), "", "");
    }
    Files.writeString(dir.resolve("w/value.properties"), "reward=count-b\nsymbols=A B\nlength=12\nmean=x\ndeviation=1\n");
    InvalidModelException bad = assertThrows(InvalidModelException.class, () -> ValueNetwork.load(dir.resolve("w")));
    assertTrue(bad.getMessage().contains("mean and deviation must be numbers"), bad.getMessage());
    Path weights = dir.resolve("cut/value-0000.params");
    Files.write(weights, Arrays.copyOf(Files.readAllBytes(weights), (int) Files.size(weights) / 2));
    InvalidModelException cut = assertThrows(InvalidModelException.class, () -> ValueNetwork.load(dir.resolve("cut")));
    assertEquals("cannot load value network " + dir.resolve("cut") + ": the weights file ends early (cut short?)",
        cut.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ValueTrainer.train(List.of(), new double[0], List.of(),
        new double[0], new TokenValueInput(AB, LENGTH), "r", new TrainingSettings(1, 32, 0.003f, 3), r -> {}));
  }
}
