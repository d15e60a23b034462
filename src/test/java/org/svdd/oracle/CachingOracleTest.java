package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardArchive;
import org.svdd.testing.HeldOracleFake;
import org.svdd.testing.TableOracleFake;

class CachingOracleTest {
  private final TableOracleFake table = new TableOracleFake(x -> x[0] * 10 + x[1]);

  private static State s(int a, int b) {
    return new TokenState(new int[] {a, b});
  }

  @Test
  void cancel_oneOfTwoRequestsSharingACall_leavesTheCallRunning_theLastCancelStopsIt() {
    HeldOracleFake held = new HeldOracleFake();
    CachingOracle oracle = new CachingOracle(held, 100);
    CompletableFuture<List<Reward>> first = oracle.score(List.of(s(1, 2))).toCompletableFuture();
    CompletableFuture<List<Reward>> second = oracle.score(List.of(s(1, 2))).toCompletableFuture();
    assertEquals(1, held.calls().size(), "the second request waits on the first one's call");
    first.cancel(true);
    assertFalse(held.calls().get(0).answer().isCancelled(), "another request still waits on the call");
    second.cancel(true);
    assertTrue(held.calls().get(0).answer().isCancelled(), "nobody waits any more: the call is stopped");
  }

  @Test
  void cancel_theRequestThatStartedACall_othersAskAgainAndGetTheirAnswer() {
    HeldOracleFake held = new HeldOracleFake();
    CachingOracle oracle = new CachingOracle(held, 100);
    CompletableFuture<List<Reward>> first = oracle.score(List.of(s(1, 2), s(3, 4))).toCompletableFuture();
    CompletableFuture<List<Reward>> second = oracle.score(List.of(s(3, 4))).toCompletableFuture();
    first.cancel(true);
    assertFalse(held.calls().get(0).answer().isCancelled(), "the second request still waits on design 34");
    second.cancel(true);
    assertTrue(held.calls().get(0).answer().isCancelled());
    CompletableFuture<List<Reward>> third = oracle.score(List.of(s(3, 4))).toCompletableFuture();
    assertEquals(2, held.calls().size(), "a withdrawn call is not remembered as an answer");
    held.calls().get(1).answerAll(7);
    assertEquals(List.of(new Reward(7, "")), third.join());
  }

  @Test
  void cancel_racingAnotherRequestThatFoundTheCall_beforeItWaitsOnIt_thatRequestAsksAgainAndIsAnswered() {
    // the second request finds the first one's call for 12 in memory, but the first is withdrawn before the second
    // counts itself among the call's waiters (here: while the second starts its own call, for 56): the call for 12 is
    // stopped under it, and it must ask again rather than fail with the first one's cancellation
    HeldOracleFake held = new HeldOracleFake();
    CompletableFuture<?>[] firstRequest = new CompletableFuture<?>[1];
    org.svdd.core.reward.RewardOracle racing = new org.svdd.core.reward.RewardOracle() {
      @Override
      public java.util.concurrent.CompletionStage<List<Reward>> score(List<State> designs) {
        if (designs.contains(s(5, 6)) && held.calls().size() == 1) {
          firstRequest[0].cancel(true);
        }
        return held.score(designs);
      }
    };
    CachingOracle oracle = new CachingOracle(racing, 100);
    firstRequest[0] = oracle.score(List.of(s(1, 2))).toCompletableFuture();
    CompletableFuture<List<Reward>> second = oracle.score(List.of(s(1, 2), s(5, 6))).toCompletableFuture();
    assertTrue(held.calls().get(0).answer().isCancelled(), "nobody waited on the call for 12 when the first left");
    held.calls().get(1).answerAll(5);
    assertFalse(second.isCompletedExceptionally(), "the second request is not failed by the first one's withdrawal");
    assertEquals(3, held.calls().size(), "it asked for 12 again");
    assertEquals(List.of(s(1, 2)), held.calls().get(2).designs(), "and for 12 alone: 56's answer is remembered");
    held.calls().get(2).answerAll(1);
    assertEquals(List.of(new Reward(1, ""), new Reward(5, "")), second.join());
  }

  @Test
  void score_anOracleThatFails_failsEveryRequestWaitingOnIt_andIsAskedAgainNextTime() {
    HeldOracleFake held = new HeldOracleFake();
    CachingOracle oracle = new CachingOracle(held, 100);
    CompletableFuture<List<Reward>> first = oracle.score(List.of(s(1, 2))).toCompletableFuture();
    CompletableFuture<List<Reward>> second = oracle.score(List.of(s(1, 2), s(3, 4))).toCompletableFuture();
    IllegalStateException crash = new IllegalStateException("RNAfold exited with 139");
    held.calls().forEach(c -> c.answer().completeExceptionally(crash));
    for (CompletableFuture<List<Reward>> request : List.of(first, second)) {
      java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
          java.util.concurrent.CompletionException.class, request::join);
      assertEquals(crash, e.getCause(), "the oracle's own failure, not a cancellation");
    }
    CompletableFuture<List<Reward>> third = oracle.score(List.of(s(1, 2))).toCompletableFuture();
    assertEquals(3, held.calls().size(), "a failure is not remembered as an answer");
    held.calls().get(2).answerAll(4);
    assertEquals(List.of(new Reward(4, "")), third.join());
  }

  @Test
  void cancel_aCallSharedWithAnotherJob_theOtherJobIsStillAnswered() {
    HeldOracleFake held = new HeldOracleFake();
    CachingOracle oracle = new CachingOracle(held, 100);
    CompletableFuture<List<Reward>> first = oracle.score(List.of(s(1, 2))).toCompletableFuture();
    CompletableFuture<List<Reward>> second = oracle.score(List.of(s(1, 2), s(5, 6))).toCompletableFuture();
    first.cancel(true);
    held.calls().forEach(c -> c.answerAll(3));
    assertEquals(List.of(new Reward(3, ""), new Reward(3, "")), second.join());
    assertTrue(first.isCancelled());
  }

  @Test
  void score_duplicatesInOneBatch_callTheOracleOncePerDistinctDesign() {
    CachingOracle oracle = new CachingOracle(table, 100);
    List<Reward> rewards = oracle.score(List.of(s(1, 2), s(1, 2), s(3, 4), s(1, 2))).toCompletableFuture().join();
    assertEquals(List.of(12.0, 12.0, 34.0, 12.0), rewards.stream().map(Reward::value).toList());
    assertEquals(2, table.designs());
    assertEquals(0.5, oracle.stats().savedFraction(), 1e-12);
  }

  @Test
  void score_images_areKeyedByTheirValuesAndTime() {
    java.util.concurrent.atomic.AtomicInteger scored = new java.util.concurrent.atomic.AtomicInteger();
    CachingOracle oracle = new CachingOracle(designs -> {
      scored.addAndGet(designs.size());
      return java.util.concurrent.CompletableFuture.completedFuture(designs.stream()
          .map(d -> new Reward(((org.svdd.core.diffusion.FloatState) d).at(1), "")).toList());
    }, 100);
    State a = new org.svdd.core.diffusion.FloatState(new float[] {0.5f, -1f}, 0.5);
    State same = new org.svdd.core.diffusion.FloatState(new float[] {0.5f, -1f}, 0.5);
    State later = new org.svdd.core.diffusion.FloatState(new float[] {0.5f, -1f}, 0.25);
    State other = new org.svdd.core.diffusion.FloatState(new float[] {0.5f, -0.5f}, 0.5);
    List<Reward> rewards = oracle.score(List.of(a, same, later, other)).toCompletableFuture().join();
    assertEquals(List.of(-1.0, -1.0, -1.0, -0.5), rewards.stream().map(Reward::value).toList());
    assertEquals(3, scored.get(), "one call for a and its copy, one each for the others");
  }

  @Test
  void score_repeatedAcrossBatches_isAnsweredFromTheCache() {
    CachingOracle oracle = new CachingOracle(table, 100);
    oracle.score(List.of(s(1, 2))).toCompletableFuture().join();
    oracle.score(List.of(s(1, 2), s(5, 6))).toCompletableFuture().join();
    assertEquals(2, table.designs());
    assertEquals(new CachingOracle.Stats(3, 2, 0), oracle.stats());
  }

  @Test
  void score_differentTokensOfOneDesign_callTheOracleOnce() {
    // a key that reads both orders of a pair as one design, as canonical SMILES does for molecules
    CachingOracle oracle = new CachingOracle(table, d -> {
      int[] t = ((TokenState) d).tokens();
      return Math.min(t[0], t[1]) + "-" + Math.max(t[0], t[1]);
    }, RewardArchive.NONE, 100);
    List<Reward> rewards = oracle.score(List.of(s(1, 2), s(2, 1))).toCompletableFuture().join();
    assertEquals(rewards.get(0), rewards.get(1));
    oracle.score(List.of(s(2, 1))).toCompletableFuture().join();
    assertEquals(1, table.designs());
  }

  @Test
  void score_secondOracleOverTheSameArchive_paysNothingTwice() {
    InMemoryArchive archive = new InMemoryArchive();
    try (CachingOracle first = new CachingOracle(table, CachingOracleTest::key, archive, 100)) {
      first.score(List.of(s(1, 2), s(3, 4))).toCompletableFuture().join();
    }
    assertEquals(Map.of("[1, 2]", new Reward(12, ""), "[3, 4]", new Reward(34, "")), archive.saved.get(table.identity()));
    try (CachingOracle second = new CachingOracle(table, CachingOracleTest::key, archive, 100)) {
      List<Reward> rewards = second.score(List.of(s(3, 4), s(1, 2), s(5, 6))).toCompletableFuture().join();
      assertEquals(List.of(34.0, 12.0, 56.0), rewards.stream().map(Reward::value).toList());
      assertEquals(new CachingOracle.Stats(3, 1, 2), second.stats());
    }
    assertEquals(3, table.designs(), "only (5, 6) was new");
  }

  @Test
  void score_failedRewards_areNeitherRememberedNorArchived() {
    InMemoryArchive archive = new InMemoryArchive();
    FlakyOracleFake flaky = new FlakyOracleFake();
    try (CachingOracle oracle = new CachingOracle(flaky, CachingOracleTest::key, archive, 100)) {
      assertTrue(oracle.score(List.of(s(1, 2))).toCompletableFuture().join().get(0).failed());
      Reward second = oracle.score(List.of(s(1, 2))).toCompletableFuture().join().get(0);
      assertEquals(new Reward(3, ""), second, "asked again after the failure");
    }
    assertEquals(2, flaky.calls);
    assertEquals(Map.of("[1, 2]", new Reward(3, "")), archive.saved.get(flaky.identity()));
  }

  @Test
  void score_archiveDown_scoresAnewWithoutFailing() {
    RewardArchive broken = new RewardArchive() {
      @Override
      public Map<String, Reward> find(String oracle, java.util.Collection<String> designs) {
        throw new IllegalStateException("job store: connection refused");
      }

      @Override
      public void save(String oracle, Map<String, Reward> rewards) {
        throw new IllegalStateException("job store: connection refused");
      }
    };
    try (CachingOracle oracle = new CachingOracle(table, CachingOracleTest::key, broken, 100)) {
      assertEquals(12.0, oracle.score(List.of(s(1, 2))).toCompletableFuture().join().get(0).value());
    }
  }

  private static String key(State d) {
    return java.util.Arrays.toString(((TokenState) d).tokens());
  }

  /** For tests only: an archive in a map. */
  private static final class InMemoryArchive implements RewardArchive {
    final Map<String, Map<String, Reward>> saved = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Map<String, Reward> find(String oracle, java.util.Collection<String> designs) {
      Map<String, Reward> known = saved.getOrDefault(oracle, Map.of());
      Map<String, Reward> out = new java.util.HashMap<>();
      designs.stream().filter(known::containsKey).forEach(d -> out.put(d, known.get(d)));
      return out;
    }

    @Override
    public void save(String oracle, Map<String, Reward> rewards) {
      saved.computeIfAbsent(oracle, o -> new java.util.concurrent.ConcurrentHashMap<>()).putAll(rewards);
    }
  }

  /** For tests only: fails its first call, then answers 3. */
  private static final class FlakyOracleFake implements org.svdd.core.reward.RewardOracle {
    int calls;

    @Override
    public java.util.concurrent.CompletionStage<List<Reward>> score(List<State> designs) {
      calls++;
      Reward r = calls == 1 ? Reward.failed("crashed") : new Reward(3, "");
      return java.util.concurrent.CompletableFuture.completedFuture(designs.stream().map(d -> r).toList());
    }
  }

  @Test
  void scoreCounting_countsOnlyTheDesignsThisRequestSentToTheOracle() {
    CachingOracle oracle = new CachingOracle(table, 100);
    var first = oracle.scoreCounting(List.of(s(1, 2), s(3, 4), s(1, 2))).toCompletableFuture().join();
    assertEquals(2, first.oracleCalls(), "two distinct designs, both new");
    assertEquals(List.of(12.0, 34.0, 12.0), first.rewards().stream().map(Reward::value).toList());
    var second = oracle.scoreCounting(List.of(s(3, 4), s(5, 6))).toCompletableFuture().join();
    assertEquals(1, second.oracleCalls(), "one answered from memory");
    assertEquals(3, table.designs());
  }

  @Test
  void scoreCounting_passesOnTheOracleSecondsOfTheDesignsItSentAndNoneForMemory() {
    CachingOracle oracle = new CachingOracle(new org.svdd.testing.MeteredOracleFake(x -> x[0], 2.5), 100);
    var first = oracle.scoreCounting(List.of(s(1, 2), s(3, 4), s(1, 2))).toCompletableFuture().join();
    assertEquals(5.0, first.oracleSeconds(), 1e-9, "two designs sent, 2.5 oracle-seconds each");
    var second = oracle.scoreCounting(List.of(s(3, 4), s(1, 2))).toCompletableFuture().join();
    assertEquals(0.0, second.oracleSeconds(), "answered from memory: no oracle time");
  }

  @Test
  void scoreCounting_aRequestWaitingOnAnothersCall_countsNoCall_andCancellingItLeavesTheCallRunning() {
    HeldOracleFake held = new HeldOracleFake();
    CachingOracle oracle = new CachingOracle(held, 100);
    var first = oracle.scoreCounting(List.of(s(1, 2))).toCompletableFuture();
    var second = oracle.scoreCounting(List.of(s(1, 2))).toCompletableFuture();
    var third = oracle.scoreCounting(List.of(s(7, 8))).toCompletableFuture();
    third.cancel(true);
    assertTrue(held.calls().get(1).answer().isCancelled(), "cancelling a counted request cancels its own call");
    held.calls().get(0).answerAll(5);
    assertEquals(1, first.join().oracleCalls());
    assertEquals(0, second.join().oracleCalls(), "answered by the call the first request started");
  }
}
