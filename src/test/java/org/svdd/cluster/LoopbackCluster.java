package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;

/** Helpers for tests that form a cluster of several nodes in one JVM on loopback. */
final class LoopbackCluster {
  private LoopbackCluster() {}

  /** The default configuration with these {@code svdd.roles}. */
  static Config roles(String roles) {
    return ConfigFactory.parseString("svdd.roles = [" + roles + "]").withFallback(ConfigFactory.load());
  }

  /** Waits up to 40 s until {@code node} sees {@code members} members up; fails the test if not. */
  static void awaitUp(SamplingEngine node, int members) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (node.membersUp() < members && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(members, node.membersUp(), "cluster did not form");
  }

  /**
   * Waits up to 40 s until {@code node}'s receptionist lists {@code workers} reward workers: listings lag
   * membership, and a node's particles only choose among the reward workers it has heard of.
   */
  static void awaitRewardWorkers(SamplingEngine node, int workers) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    int listed = 0;
    while (System.nanoTime() < deadline) {
      org.apache.pekko.actor.typed.receptionist.Receptionist.Listing listing =
          org.apache.pekko.actor.typed.javadsl.AskPattern.<org.apache.pekko.actor.typed.receptionist.Receptionist.Command,
              org.apache.pekko.actor.typed.receptionist.Receptionist.Listing>ask(node.system().receptionist(),
              replyTo -> org.apache.pekko.actor.typed.receptionist.Receptionist.find(RewardWorker.KEY, replyTo),
              java.time.Duration.ofSeconds(5), node.system().scheduler()).toCompletableFuture().get();
      listed = listing.getServiceInstances(RewardWorker.KEY).size();
      if (listed >= workers) {
        Thread.sleep(200); // for the node's own subscription to the same listing
        return;
      }
      Thread.sleep(200);
    }
    assertEquals(workers, listed, "reward workers listed");
  }

  /** Closes the nodes given, last first, skipping any not started. */
  static void close(SamplingEngine... nodes) {
    for (int i = nodes.length - 1; i >= 0; i--) {
      if (nodes[i] != null) {
        nodes[i].close();
      }
    }
  }
}
