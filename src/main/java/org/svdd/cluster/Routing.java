package org.svdd.cluster;

import java.time.Duration;
import org.svdd.core.reward.DesignKeys;

/**
 * How a node's particles reach workers: the pools of denoise and reward workers known to this node (the
 * latter by reward), how long a request may go unanswered before it is sent to another worker, how long a score
 * the only reward worker known failed whole waits for another to be known, and which designs are one to a reward's
 * oracle (kept on one reward worker, where its cache asks the oracle once). Requests are pure functions of their
 * content, so sending one twice is safe; the later answer is ignored.
 */
public record Routing(WorkerPool<DenoiseWorker.Command> denoisers, RewardPools rewarders, Duration requestTimeout,
    Duration anotherWorkerWait, DesignKeys designKeys) {

  /** The default of {@code svdd.routing.another-worker-wait}. */
  public static final Duration ANOTHER_WORKER_WAIT = Duration.ofSeconds(10);

  public Routing {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("svdd.routing.request-timeout must be positive, got " + requestTimeout.toMillis() + " ms");
    }
  }

  /** Routing that waits the default for another reward worker. */
  public Routing(WorkerPool<DenoiseWorker.Command> denoisers, RewardPools rewarders, Duration requestTimeout,
      DesignKeys designKeys) {
    this(denoisers, rewarders, requestTimeout, ANOTHER_WORKER_WAIT, designKeys);
  }

  /** Routing whose designs are one only when equal. */
  public Routing(WorkerPool<DenoiseWorker.Command> denoisers, RewardPools rewarders, Duration requestTimeout) {
    this(denoisers, rewarders, requestTimeout, DesignKeys.IDENTITY);
  }

  /** Whether some denoise worker and a reward worker for each reward of the plan are known. */
  public boolean ready(org.svdd.core.method.SamplingPlan plan) {
    return denoisers.size() > 0 && rewarders.forReward(plan.rewards().reward()).size() > 0
        && (!plan.rewards().hasEarly() || rewarders.forReward(plan.rewards().early()).size() > 0);
  }
}
