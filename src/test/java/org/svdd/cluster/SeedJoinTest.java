package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Only a node that is not the first of its seed nodes asks the seeds again sooner than Pekko's 5 s. */
class SeedJoinTest {
  static Stream<Arguments> nodes() {
    return Stream.of(
        Arguments.of("forms a cluster of its own", List.of(), "127.0.0.1", 25520, 5),
        Arguments.of("the first seed", List.of("127.0.0.1:25520", "127.0.0.1:25521"), "127.0.0.1", 25520, 5),
        Arguments.of("another seed", List.of("127.0.0.1:25520", "127.0.0.1:25521"), "127.0.0.1", 25521, 2),
        Arguments.of("not a seed", List.of("127.0.0.1:25520", "127.0.0.1:25521"), "127.0.0.1", 25529, 2),
        Arguments.of("a random port", List.of("127.0.0.1:25520"), "127.0.0.1", 0, 2),
        // Pekko compares addresses as written: this node is not the first seed to it, and never forms a cluster
        Arguments.of("the first seed by another name", List.of("localhost:25520"), "127.0.0.1", 25520, 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodes")
  void seedNodeTimeout_isShortenedForEveryNodeButTheFirstSeed(String what, List<String> seeds, String host, int port,
      long seconds) {
    Config config = ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes",
        seeds.stream().map(s -> "pekko://svdd@" + s).toList(), "pekko.remote.artery.canonical.hostname", host,
        "pekko.remote.artery.canonical.port", port)).withFallback(ConfigFactory.load());
    Config node = SamplingEngine.nodeConfig(config, null);
    assertEquals(Duration.ofSeconds(seconds), node.getDuration("pekko.cluster.seed-node-timeout"), what);
    assertEquals(Duration.ofSeconds(2), node.getDuration("pekko.cluster.retry-unsuccessful-join-after"),
        "a join that only removed the node's previous life is tried again soon");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0s", "-1s"})
  void askSeedsAgain_ofNoTimeOrLess_isRefusedNamingTheSetting(String wait) {
    Config config = ConfigFactory.parseMap(Map.of(SeedJoin.ASK_AGAIN, wait)).withFallback(ConfigFactory.load());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SamplingEngine.nodeConfig(config, null));
    assertEquals("svdd.cluster.ask-seeds-again must be more than 0, got " + wait, e.getMessage());
  }
}
