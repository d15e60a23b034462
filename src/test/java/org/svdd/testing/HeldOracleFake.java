package org.svdd.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.svdd.core.diffusion.State;
import org.svdd.core.reward.Reward;
import org.svdd.core.reward.RewardOracle;

/** Test fake: every call waits until the test answers it; records calls and whether they were cancelled. */
public final class HeldOracleFake implements RewardOracle {
  /** One call: the designs asked for and the future the caller holds. */
  public record Call(List<State> designs, CompletableFuture<List<Reward>> answer) {
    /** Answers every design with {@code value}. */
    public void answerAll(double value) {
      answer.complete(designs.stream().map(d -> new Reward(value, "")).toList());
    }
  }

  private final List<Call> calls = new ArrayList<>();

  @Override
  public synchronized CompletionStage<List<Reward>> score(List<State> designs) {
    Call call = new Call(List.copyOf(designs), new CompletableFuture<>());
    calls.add(call);
    return call.answer();
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The programs it says it runs at once ({@link #slots}). */
  public static final int SLOTS = 8;

  /** As a pool of {@link #SLOTS} programs would say: each call not yet answered holds one. */
  @Override
  public synchronized Slots slots() {
    int open = (int) calls.stream().filter(c -> !c.answer().isDone()).count();
    return new Slots(Math.min(open, SLOTS), SLOTS);
  }

  /** Waits up to five seconds for at least {@code n} calls (they come from other threads); the calls made so far. */
  public List<Call> awaitCalls(int n) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
    while (calls().size() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return calls();
  }
}
