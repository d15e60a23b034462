package org.svdd.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.svdd.core.method.Sample;
import org.svdd.core.method.SamplingPlan;

/**
 * One cluster node in this JVM: by default a one-node cluster holding every role and joined to itself
 * on loopback (the command line's laptop mode), or a node with chosen roles joining a seed. Jobs are
 * submitted as messages to the local job manager; the returned future completes with the samples or
 * with the job's failure.
 */
public final class SamplingEngine implements AutoCloseable {
  private final ActorSystem<JobManager.Command> system;

  private SamplingEngine(ActorSystem<JobManager.Command> system) {
    this.system = system;
  }

  /** This node's actor system, for tests in this package that wait on what the node knows. */
  ActorSystem<JobManager.Command> system() {
    return system;
  }

  /**
   * A node that joins the seed nodes of its configuration ({@code pekko.cluster.seed-nodes}), or forms a
   * cluster of its own when none are configured.
   */
  public static SamplingEngine start(NodeDeps deps, Config config) {
    SamplingEngine engine = new SamplingEngine(ActorSystem.create(NodeGuardian.create(deps), "svdd", nodeConfig(config,
        deps.oracles())));
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      engine.join(engine.address());
    }
    return engine;
  }

  /**
   * Why the cluster stopped this node, if it did: it was refused on joining (another svdd build, or another cluster
   * configuration), or downed (unreachable too long, or on the smaller side of a network split). Empty while it
   * runs, and when it was stopped here (closed, or its JVM exiting).
   */
  public java.util.Optional<String> stoppedByCluster() {
    return org.apache.pekko.actor.CoordinatedShutdown.get(system).getShutdownReason().map(reason ->
        reason == org.apache.pekko.actor.CoordinatedShutdown.incompatibleConfigurationDetectedReason()
            ? "the cluster refused it: its svdd build, its task or model, or its cluster configuration differs from "
                + "the cluster's (the log above or the seed node's says which); start every node of a cluster from one "
                + "build, with the same --task and --model"
            : reason == org.apache.pekko.actor.CoordinatedShutdown.clusterDowningReason()
                ? "the cluster removed it (it was unreachable too long, or on the smaller side of a network split); "
                    + "start it again to rejoin"
                : reason == org.apache.pekko.actor.CoordinatedShutdown.clusterJoinUnsuccessfulReason()
                    ? "it could not join its seed nodes in time"
                    : null);
  }

  /** Runs {@code action} once, when this node is Up in its cluster (at once if it already is). */
  public void whenUp(Runnable action) {
    org.apache.pekko.cluster.Cluster.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
        .registerOnMemberUp(action);
  }

  /** Resolves when this node's actor system has stopped. */
  public java.util.concurrent.CompletionStage<org.apache.pekko.Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /** A node that joins the cluster of {@code seed}. */
  public static SamplingEngine join(NodeDeps deps, Config config, Address seed) {
    SamplingEngine engine = new SamplingEngine(ActorSystem.create(NodeGuardian.create(deps), "svdd", nodeConfig(config,
        deps.oracles())));
    engine.join(seed);
    return engine;
  }

  /**
   * Copies {@code svdd.roles} into Pekko's cluster roles, rejecting unknown ones, sets this build's wire
   * fingerprint, which a joining node must share, and how often a node that is not the first seed asks the seeds.
   */
  static Config nodeConfig(Config config, org.svdd.core.reward.RewardOracles oracles) {
    List<String> roles = new java.util.ArrayList<>(config.getStringList("svdd.roles"));
    for (String role : roles) {
      if (!Roles.ALL.contains(role)) {
        throw new IllegalArgumentException("svdd.roles: unknown role '" + role + "'; allowed: " + Roles.ALL);
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("svdd.roles must name at least one of " + Roles.ALL);
    }
    if (roles.contains(Roles.REWARD) && oracles != null) {
      oracles.only().ifPresent(reward -> roles.add(Roles.SCORES_ONLY + reward));
    }
    return ConfigFactory.parseMap(Map.of("pekko.cluster.roles", roles,
        org.svdd.cluster.serialization.WireCheck.KEY, org.svdd.cluster.serialization.WireFingerprint.CURRENT))
        .withFallback(SeedJoin.apply(config));
  }

  private void join(Address seed) {
    Cluster.get(system).manager().tell(Join.create(seed));
  }

  public Address address() {
    return Cluster.get(system).selfMember().address();
  }

  private boolean aloneInCluster() {
    Address self = address();
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (!m.address().equals(self)) {
        return false;
      }
    }
    return true;
  }

  /** Members that are up, as this node sees them. */
  public int membersUp() {
    int up = 0;
    for (Member m : Cluster.get(system).state().getMembers()) {
      up += m.status() == MemberStatus.up() ? 1 : 0;
    }
    return up;
  }

  /** The cluster's members as this node sees them, by address. */
  public List<NodeView> members() {
    org.apache.pekko.cluster.ClusterEvent.CurrentClusterState state = Cluster.get(system).state();
    Address self = address();
    List<NodeView> nodes = new java.util.ArrayList<>();
    for (Member m : state.getMembers()) {
      List<String> roles = Roles.ALL.stream().filter(m::hasRole).toList();
      nodes.add(new NodeView(hostPort(m.address()), roles, scoresOnly(m), m.status().toString(),
          !state.getUnreachable().contains(m), m.address().equals(self)));
    }
    nodes.sort(java.util.Comparator.comparing(NodeView::address));
    return nodes;
  }

  /** An address as {@code --seed-nodes} takes it, host:port. */
  private static String hostPort(Address address) {
    return address.getHost().orElse("?") + ":" + address.getPort().map(String::valueOf).orElse("?");
  }

  /**
   * Each node's load, by address as {@link #members} names it: every node the Receptionist lists is asked, and those
   * that answer within {@code wait} are in the map (a node unreachable, stopping or just started may be missing).
   */
  public CompletableFuture<Map<String, NodeReporter.Load>> loads(Duration wait) {
    Address self = address();
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            reply -> Receptionist.find(NodeReporter.KEY, reply), wait, system.scheduler())
        .toCompletableFuture()
        .thenCompose(listing -> {
          Map<String, CompletableFuture<NodeReporter.Result>> asked = new java.util.TreeMap<>();
          for (ActorRef<NodeReporter.Command> reporter : listing.getServiceInstances(NodeReporter.KEY)) {
            Address at = reporter.path().address().hasLocalScope() ? self : reporter.path().address();
            asked.put(hostPort(at), AskPattern.<NodeReporter.Command, NodeReporter.Result>ask(reporter,
                NodeReporter.Report::new, wait, system.scheduler()).toCompletableFuture().exceptionally(e -> null));
          }
          return CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, NodeReporter.Load> loads = new java.util.TreeMap<>();
            asked.forEach((address, answer) -> {
              if (answer.join() instanceof NodeReporter.Load load) {
                loads.put(address, load);
              }
            });
            return loads;
          });
        });
  }

  /**
   * Whether this node can run jobs now: it is Up in a cluster where a member with the coordinator role
   * is Up and reachable from here.
   */
  public boolean canRunJobs() {
    org.apache.pekko.cluster.ClusterEvent.CurrentClusterState state = Cluster.get(system).state();
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      return false;
    }
    java.util.Set<Member> unreachable = state.getUnreachable();
    for (Member m : state.getMembers()) {
      if (m.status() == MemberStatus.up() && m.hasRole(Roles.COORDINATOR) && !unreachable.contains(m)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why a job that asks for {@code rewards} submitted now would wait, if it would: this node not yet Up in its
   * cluster, no member with the coordinator role, or the oldest one (which holds the job shards' coordinator)
   * unreachable from here, no reachable member with the denoiser role, or none with the reward role that scores one
   * of {@code rewards} (a job starts once it knows workers of both kinds).
   */
  public java.util.Optional<String> jobsWait(List<String> rewards) {
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      return java.util.Optional.of("this node has not joined its cluster yet");
    }
    org.apache.pekko.cluster.ClusterEvent.CurrentClusterState state = Cluster.get(system).state();
    List<Member> up = new java.util.ArrayList<>();
    state.getMembers().forEach(m -> {
      if (m.status() == MemberStatus.up()) {
        up.add(m);
      }
    });
    CoordinatorWatch.Verdict verdict = CoordinatorWatch.judgeMembers(
        up.stream().filter(m -> m.hasRole(Roles.COORDINATOR)).toList(), state.getUnreachable());
    if (verdict.waiting()) {
      return java.util.Optional.of(verdict.line());
    }
    List<Member> reachable = up.stream().filter(m -> !state.getUnreachable().contains(m)).toList();
    List<Member> scoring = reachable.stream().filter(m -> m.hasRole(Roles.REWARD)).toList();
    if (reachable.stream().noneMatch(m -> m.hasRole(Roles.DENOISER))) {
      return java.util.Optional.of(noneReachable(Roles.DENOISER));
    }
    if (scoring.isEmpty()) {
      return java.util.Optional.of(noneReachable(Roles.REWARD));
    }
    for (String reward : rewards) {
      if (scoring.stream().noneMatch(m -> scores(m, reward))) {
        java.util.SortedSet<String> scored = new java.util.TreeSet<>();
        scoring.forEach(m -> scored.addAll(scoresOnly(m)));
        return java.util.Optional.of("no reachable reward node scores reward '" + reward + "' (they were started "
            + "with --reward " + String.join(", --reward ", scored) + "): jobs for it wait until one joins (a node "
            + "with role reward started with --reward " + reward + ", or without --reward)");
      }
    }
    return java.util.Optional.empty();
  }

  private static String noneReachable(String role) {
    return "no reachable cluster member has role " + role + ": jobs wait until one joins (a node started with roles "
        + role + ", or coordinator,denoiser,reward)";
  }

  /** Whether member {@code m} (of the reward role) scores {@code reward}: every reward, or that one alone. */
  private static boolean scores(Member m, String reward) {
    List<String> only = scoresOnly(m);
    return only.isEmpty() || only.contains(reward);
  }

  /** The rewards member {@code m} was started to score alone ({@code --reward}), sorted; empty for every reward. */
  private static List<String> scoresOnly(Member m) {
    return m.getRoles().stream().filter(r -> r.startsWith(Roles.SCORES_ONLY))
        .map(r -> r.substring(Roles.SCORES_ONLY.length())).sorted().toList();
  }

  /** Submits a job; progress events arrive on an actor thread, so keep the consumer quick. */
  public CompletableFuture<List<Sample>> run(SamplingPlan plan, Consumer<JobCoordinator.Progress> progress) {
    return runToEnd(plan, progress).thenApply(JobCoordinator.Finished::samples);
  }

  /** Like {@link #run}, answering with the whole ending: samples and the designs that could not be scored. */
  public CompletableFuture<JobCoordinator.Finished> runToEnd(SamplingPlan plan, Consumer<JobCoordinator.Progress> progress) {
    CompletableFuture<JobCoordinator.Finished> result = new CompletableFuture<>();
    submit(UUID.randomUUID().toString(), plan, event -> {
      if (event instanceof JobCoordinator.Progress p) {
        progress.accept(p);
      } else if (event instanceof JobCoordinator.Finished f) {
        result.complete(f);
      } else if (event instanceof JobCoordinator.Failed f) {
        result.completeExceptionally(new JobFailedException(f.reason()));
      } else if (event instanceof JobCoordinator.Cancelled c) {
        result.completeExceptionally(new JobFailedException(c.reason()));
      }
    });
    return result;
  }

  /** Submits a job under an id; every event, up to the terminal one, goes to {@code events}. */
  public void submit(String jobId, SamplingPlan plan, Consumer<JobCoordinator.Event> events) {
    ActorRef<JobCoordinator.Event> listener = system.systemActorOf(listener(events),
        "job-listener-" + UUID.randomUUID(), Props.empty());
    system.tell(new JobManager.SubmitJob(jobId, plan, listener));
  }

  /** Asks the job's coordinator to stop; it answers its submitter with Cancelled. */
  public void cancel(String jobId) {
    system.tell(new JobManager.CancelJob(jobId));
  }

  /** Stops following a job another api node took over; the job itself runs on, reporting there. */
  public void release(String jobId) {
    system.tell(new JobManager.ReleaseJob(jobId));
  }

  private static Behavior<JobCoordinator.Event> listener(Consumer<JobCoordinator.Event> events) {
    return Behaviors.receive(JobCoordinator.Event.class)
        .onMessage(JobCoordinator.Event.class, event -> {
          events.accept(event);
          return event instanceof JobCoordinator.Progress ? Behaviors.same() : Behaviors.stopped();
        })
        .build();
  }

  /**
   * Stops this node. A node with other members leaves the cluster gracefully (its shards handed over,
   * its exit gossiped: about a second); a node alone in its cluster — the command line's laptop mode —
   * has no one to tell, so it skips those phases and stops at once.
   */
  @Override
  public void close() {
    if (aloneInCluster()) {
      org.apache.pekko.actor.CoordinatedShutdown.get(system).run(
          org.apache.pekko.actor.CoordinatedShutdown.actorSystemTerminateReason(),
          java.util.Optional.of(org.apache.pekko.actor.CoordinatedShutdown.PhaseBeforeActorSystemTerminate()));
    } else {
      system.terminate();
    }
    try {
      system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }
}
