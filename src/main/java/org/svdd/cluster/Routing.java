package org.svdd.cluster;

import java.time.Duration;

/**
 * How a node's particles reach workers: the pools of denoise and reward workers known to this node and
 * how long a request may go unanswered before it is sent to another worker. Requests are pure
 * functions of their content, so sending one twice is safe; the later answer is ignored.
 */
public record Routing(WorkerPool<DenoiseWorker.Command> denoisers, WorkerPool<RewardWorker.Command> rewarders,
    Duration requestTimeout) {

  public Routing {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("svdd.routing.request-timeout must be positive, got " + requestTimeout);
    }
  }

  public boolean ready() {
    return denoisers.size() > 0 && rewarders.size() > 0;
  }
}
