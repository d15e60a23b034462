package org.svdd.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;

/**
 * How often a node that is not its cluster's first seed asks the seed nodes again while none has a cluster yet.
 *
 * <p>Pekko uses one setting, {@code pekko.cluster.seed-node-timeout} (5 s), for two waits. The first seed node waits
 * that long for another seed to answer before it forms a cluster of its own: kept long, so that a restarted first seed
 * whose peers are slow to answer (a loaded machine) still joins them rather than forming an island. Every other node
 * asks all seeds, and when each answers "no cluster yet" (they are starting too), it asks again only after that
 * timeout: every node of a cluster started at once came up 5 to 7 s after the first. Those nodes never form a cluster
 * themselves, so asking again sooner costs a few small messages and risks nothing; this shortens their wait alone.
 */
final class SeedJoin {
  /** The wait of a node that is not the first seed between rounds of asking the seeds. */
  static final String ASK_AGAIN = "svdd.cluster.ask-seeds-again";

  private SeedJoin() {}

  /**
   * {@code config} with the seed-node timeout of a node that is not the first of its seed nodes shortened; a wait that
   * is not positive (it would ask in a tight loop) is refused, naming the setting.
   */
  static Config apply(Config config) {
    java.time.Duration askAgain = config.getDuration(ASK_AGAIN);
    if (askAgain.isNegative() || askAgain.isZero()) {
      throw new IllegalArgumentException(ASK_AGAIN + " must be more than 0, got " + config.getString(ASK_AGAIN));
    }
    List<String> seeds = config.getStringList("pekko.cluster.seed-nodes");
    if (seeds.isEmpty() || isFirstSeed(config, seeds.get(0))) {
      return config;
    }
    return ConfigFactory.parseMap(Map.of("pekko.cluster.seed-node-timeout", askAgain.toMillis() + "ms"))
        .withFallback(config);
  }

  /** Whether this node is {@code first}, as Pekko compares them: protocol, system, host and port alike. */
  private static boolean isFirstSeed(Config config, String first) {
    return first.equals("pekko://svdd@" + config.getString("pekko.remote.artery.canonical.hostname") + ":"
        + config.getInt("pekko.remote.artery.canonical.port"));
  }
}
