package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.ClusterLogMarker;
import org.junit.jupiter.api.Test;

/** Only Pekko's "couldn't join seed nodes" warning is dropped; every other warning passes as slf4j's levels say. */
class JoinWarningsFilterTest {
  @Test
  void dropsTheJoinFailedWarning_only() throws Exception {
    ActorSystem system = ActorSystem.create("filter", ConfigFactory.parseMap(Map.of("pekko.actor.provider", "local"))
        .withFallback(ConfigFactory.load()));
    try {
      assertTrue(system.settings().LoggingFilter().equals(JoinWarningsFilter.class.getName()),
          "svdd's nodes use it: " + system.settings().LoggingFilter());
      JoinWarningsFilter filter = new JoinWarningsFilter(system.settings(), system.eventStream());
      Class<?> cluster = org.apache.pekko.cluster.Cluster.class;
      assertFalse(filter.isWarningEnabled(cluster, "cluster", ClusterLogMarker.joinFailed()));
      assertTrue(filter.isWarningEnabled(cluster, "cluster", ClusterLogMarker.unreachable(
          org.apache.pekko.actor.Address.apply("pekko", "svdd", "127.0.0.1", 25520))), "an unreachable member is said");
      assertTrue(filter.isWarningEnabled(cluster, "cluster", null), "so is a warning without a marker");
      assertTrue(filter.isWarningEnabled(cluster, "cluster"));
      assertTrue(filter.isErrorEnabled(cluster, "cluster", ClusterLogMarker.joinFailed()), "errors are not touched");
    } finally {
      system.terminate();
      scala.concurrent.Await.result(system.whenTerminated(), scala.concurrent.duration.Duration.create(10, "s"));
    }
  }
}
