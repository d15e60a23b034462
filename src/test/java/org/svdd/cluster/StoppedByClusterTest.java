package org.svdd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;
import org.svdd.cluster.serialization.WireCheck;
import org.svdd.cluster.serialization.WireFingerprint;
import org.svdd.core.diffusion.MaskedDiffusion;
import org.svdd.core.diffusion.Vocabulary;
import org.svdd.testing.AbcModel;
import org.svdd.testing.FactorizedDenoiserFake;
import org.svdd.testing.TableOracleFake;

/**
 * When the cluster stops a node, the node knows why. A node of another svdd build (another wire fingerprint, so
 * messages one side could misread) is refused when it joins, whichever side is the newer: it shuts down instead of
 * joining, and the cluster keeps its members. A node the cluster downs says it was removed.
 */
class StoppedByClusterTest {
  private static final Vocabulary AB = Vocabulary.ofCharacters("AB");
  private static final String OTHER = "0123456789ab";

  private static SamplingEngine svddNode(Config config) {
    EngineSettings settings = AbcModel.SETTINGS;
    return SamplingEngine.start(new NodeDeps(new MaskedDiffusion(AB, 2),
        () -> new FactorizedDenoiserFake(new double[][] {{0.5, 0.5, 1e-9}, {0.5, 0.5, 1e-9}}),
        new TableOracleFake(x -> x[0]), settings, new WorkerStats()), config.withFallback(LoopbackCluster.roles(
            "coordinator, denoiser, reward")));
  }

  /** A node whose messages differ: Pekko and svdd's configuration, another fingerprint. */
  private static ActorSystem otherBuild(String seeds) {
    return plainNode(OTHER, seeds);
  }

  /** A plain Pekko node with svdd's configuration and the wire fingerprint {@code wire}. */
  private static ActorSystem plainNode(String wire, String seeds) {
    return ActorSystem.create("svdd", ConfigFactory.parseString(WireCheck.KEY + " = \"" + wire + "\"\n"
        + "pekko.cluster.seed-nodes = [" + seeds + "]").withFallback(ConfigFactory.load()));
  }

  /** {@code system} forms a cluster of its own. */
  private static void formCluster(ActorSystem system) throws InterruptedException {
    Cluster.get(system).join(Cluster.get(system).selfAddress());
    awaitUp(system, 1);
  }

  /** Waits up to 30 s until {@code system} sees {@code members} members up; fails the test if not. */
  private static void awaitUp(ActorSystem system, int members) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (up(system) < members && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(members, up(system), "members up");
  }

  /** An svdd node that joins the cluster of {@code seed}. */
  private static SamplingEngine joining(ActorSystem seed) {
    return svddNode(ConfigFactory.parseString("pekko.cluster.seed-nodes = [\"" + Cluster.get(seed).selfAddress()
        + "\"]"));
  }

  /** Stops {@code node} (if started) and {@code system}. */
  private static void stop(SamplingEngine node, ActorSystem system) throws Exception {
    if (node != null) {
      node.close();
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static int up(ActorSystem system) {
    int up = 0;
    for (org.apache.pekko.cluster.Member m : Cluster.get(system).state().getMembers()) {
      up += m.status() == MemberStatus.up() ? 1 : 0;
    }
    return up;
  }

  @Test
  void aNodeOfAnotherBuild_joiningThisCluster_isRefusedAndStops() throws Exception {
    SamplingEngine node = svddNode(ConfigFactory.empty());
    ActorSystem other = null;
    try {
      LoopbackCluster.awaitUp(node, 1);
      other = otherBuild("\"" + node.address() + "\"");
      other.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertEquals(CoordinatedShutdown.incompatibleConfigurationDetectedReason(),
          CoordinatedShutdown.get(other).getShutdownReason().orElseThrow());
      assertEquals(1, node.membersUp(), "the cluster kept its members only");
    } finally {
      if (other != null) {
        other.terminate();
      }
      node.close();
    }
  }

  /** Nodes of one build that serve other models (another task, other weights) would mix them in one job. */
  @Test
  void aNodeServingAnotherModel_isRefused_oneServingTheSameJoins() throws Exception {
    SamplingEngine node = svddNode(ConfigFactory.parseString(ServedModelCheck.KEY + " = \"trna model aaaa\""));
    SamplingEngine other = null;
    SamplingEngine same = null;
    try {
      LoopbackCluster.awaitUp(node, 1);
      other = svddNode(ConfigFactory.parseString(ServedModelCheck.KEY + " = \"promoter model bbbb\"\n"
          + "pekko.cluster.seed-nodes = [\"" + node.address() + "\"]"));
      other.whenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertTrue(other.stoppedByCluster().orElseThrow().startsWith("the cluster refused it"),
          other.stoppedByCluster().orElseThrow());
      assertEquals(1, node.membersUp(), "the cluster kept its members only");
      same = svddNode(ConfigFactory.parseString(ServedModelCheck.KEY + " = \"trna model aaaa\"\n"
          + "pekko.cluster.seed-nodes = [\"" + node.address() + "\"]"));
      LoopbackCluster.awaitUp(node, 2);
    } finally {
      LoopbackCluster.close(node, other, same);
    }
  }

  @Test
  void theModelCheck_comparesWhatBothNodesSay_andNamesBoth() {
    ServedModelCheck check = new ServedModelCheck();
    Config here = ConfigFactory.parseString(ServedModelCheck.KEY + " = \"trna model aaaa\"");
    assertEquals(org.apache.pekko.cluster.Valid.getInstance(),
        check.check(ConfigFactory.parseString(ServedModelCheck.KEY + " = \"trna model aaaa\""), here));
    assertEquals(org.apache.pekko.cluster.Valid.getInstance(), check.check(ConfigFactory.empty(), here),
        "a node that does not say (an embedded engine) is not compared");
    org.apache.pekko.cluster.Invalid other = (org.apache.pekko.cluster.Invalid) check.check(
        ConfigFactory.parseString(ServedModelCheck.KEY + " = \"trna model bbbb\""), here);
    assertEquals("svdd nodes serve different models: the other node serves trna model bbbb, this node trna model aaaa; "
        + "start every node of a cluster with the same --task and --model (the same model files)",
        other.errorMessages().head());
  }

  @Test
  void thisNode_joiningAClusterOfAnotherBuild_isRefusedAndSaysWhy() throws Exception {
    ActorSystem other = otherBuild("");
    SamplingEngine node = null;
    try {
      formCluster(other);
      assertTrue(!OTHER.equals(WireFingerprint.CURRENT));
      node = joining(other);
      node.whenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      String why = node.stoppedByCluster().orElseThrow();
      assertTrue(why.startsWith("the cluster refused it: its svdd build, its task or model, or its cluster configuration "
          + "differs"), why);
      assertEquals(1, up(other), "the cluster kept its members only");
    } finally {
      stop(node, other);
    }
  }

  @Test
  void aNodeTheClusterDowns_saysItWasRemoved() throws Exception {
    ActorSystem seed = plainNode(WireFingerprint.CURRENT, "");
    SamplingEngine node = null;
    try {
      formCluster(seed);
      node = joining(seed);
      awaitUp(seed, 2); // one build: the node joins
      assertTrue(node.stoppedByCluster().isEmpty(), "running");
      Cluster.get(seed).down(node.address());
      node.whenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      String why = node.stoppedByCluster().orElseThrow();
      assertTrue(why.startsWith("the cluster removed it"), why);
    } finally {
      stop(node, seed);
    }
  }

  /** Also: {@link SamplingEngine#whenUp} runs once the node is up, and at once for a node already up. */
  @Test
  void aNodeStillRunning_orClosedHere_wasNotStoppedByTheCluster() throws Exception {
    SamplingEngine node = svddNode(ConfigFactory.empty());
    // (the callback runs as the node becomes Up; its view of the members may lag, so it is not asked there)
    java.util.concurrent.CompletableFuture<Boolean> up = new java.util.concurrent.CompletableFuture<>();
    node.whenUp(() -> up.complete(true));
    assertTrue(up.get(30, TimeUnit.SECONDS), "up, alone");
    LoopbackCluster.awaitUp(node, 1);
    java.util.concurrent.CompletableFuture<Boolean> again = new java.util.concurrent.CompletableFuture<>();
    node.whenUp(() -> again.complete(true));
    assertTrue(again.get(30, TimeUnit.SECONDS), "asked once it is up: at once");
    assertTrue(node.stoppedByCluster().isEmpty());
    node.close();
    assertTrue(node.stoppedByCluster().isEmpty(), "closed here, not by the cluster");
  }
}
