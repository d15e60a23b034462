package org.svdd.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.svdd.core.diffusion.State;
import org.svdd.core.diffusion.TokenState;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/** Requests of many particles go to the oracle together, each answered with its own rewards. */
class BatchingOracleTest {

  /** Scores a design by its first token; counts calls and remembers their sizes. */
  private static final class CountingOracleFake implements RewardOracle {
    final List<Integer> sizes = new ArrayList<>();
    boolean fail;

    @Override
    public synchronized CompletionStage<List<Reward>> score(List<State> designs) {
      sizes.add(designs.size());
      if (fail) {
        return CompletableFuture.failedFuture(new IllegalStateException("classifier exploded"));
      }
      return CompletableFuture.completedFuture(designs.stream().map(d -> new Reward(((TokenState) d).tokens()[0], "")).toList());
    }
  }

  private static List<State> designs(int first, int n) {
    List<State> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new TokenState(new int[] {first + i}));
    }
    return out;
  }

  @Test
  void requestsWithinTheDelay_goInOneCall_andEachGetsItsOwnRewards() throws Exception {
    CountingOracleFake oracle = new CountingOracleFake();
    try (BatchingOracle batching = new BatchingOracle(oracle, 1000, Duration.ofMillis(200))) {
      List<CompletableFuture<List<Reward>>> answers = new ArrayList<>();
      for (int p = 0; p < 10; p++) {
        answers.add(batching.score(designs(100 * p, 4)).toCompletableFuture());
      }
      for (int p = 0; p < 10; p++) {
        List<Reward> rewards = answers.get(p).get();
        assertEquals(4, rewards.size());
        for (int i = 0; i < 4; i++) {
          assertEquals(100 * p + i, rewards.get(i).value());
        }
      }
      assertEquals(List.of(40), oracle.sizes, "ten requests of 4, one call of 40");
    }
  }

  @Test
  void aFullBatch_goesAtOnce_withoutWaitingForTheDelay() throws Exception {
    CountingOracleFake oracle = new CountingOracleFake();
    try (BatchingOracle batching = new BatchingOracle(oracle, 8, Duration.ofHours(1))) {
      CompletableFuture<List<Reward>> a = batching.score(designs(0, 4)).toCompletableFuture();
      CompletableFuture<List<Reward>> b = batching.score(designs(4, 4)).toCompletableFuture();
      assertEquals(7.0, b.get().get(3).value());
      assertEquals(0.0, a.get().get(0).value());
      assertEquals(1, batching.calls());
    }
  }

  @Test
  void aFailedCall_failsEveryRequestInIt() {
    CountingOracleFake oracle = new CountingOracleFake();
    oracle.fail = true;
    try (BatchingOracle batching = new BatchingOracle(oracle, 8, Duration.ofHours(1))) {
      CompletableFuture<List<Reward>> a = batching.score(designs(0, 4)).toCompletableFuture();
      CompletableFuture<List<Reward>> b = batching.score(designs(4, 4)).toCompletableFuture();
      for (CompletableFuture<List<Reward>> f : List.of(a, b)) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertTrue(e.getCause().getMessage().contains("classifier exploded"));
      }
    }
  }

  @Test
  void concurrentRequests_areAllAnsweredExactlyOnce() throws Exception {
    CountingOracleFake oracle = new CountingOracleFake();
    AtomicInteger answered = new AtomicInteger();
    try (BatchingOracle batching = new BatchingOracle(oracle, 16, Duration.ofMillis(1))) {
      List<Thread> threads = new ArrayList<>();
      List<CompletableFuture<List<Reward>>> answers = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 8; t++) {
        int base = 1000 * t;
        Thread thread = new Thread(() -> {
          for (int k = 0; k < 25; k++) {
            answers.add(batching.score(designs(base + 10 * k, 3)).toCompletableFuture());
          }
        });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      for (CompletableFuture<List<Reward>> f : answers) {
        List<Reward> r = f.get();
        assertEquals(r.get(0).value() + 2, r.get(2).value(), "a request's own designs, in order");
        answered.incrementAndGet();
      }
      assertEquals(200, answered.get());
      assertEquals(600, oracle.sizes.stream().mapToInt(Integer::intValue).sum(), "every design scored once");
      assertTrue(oracle.sizes.size() < 200, "fewer calls than requests: " + oracle.sizes.size());
    }
  }
}
