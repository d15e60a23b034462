package org.svdd.cluster;

import java.time.Duration;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.svdd.core.diffusion.Denoiser;
import org.svdd.core.diffusion.DiffusionProcess;
import org.svdd.core.method.Checkpoints;
import org.svdd.core.reward.DesignKeys;
import org.svdd.core.reward.RewardOracle;
import org.svdd.core.reward.RewardOracles;

/**
 * The guardian of a node. Its cluster roles decide what it runs: {@code denoiser} starts denoise
 * workers, {@code reward} a reward worker (both registered with the Receptionist for the whole
 * cluster), {@code coordinator} hosts job coordinators (sharded entities) whose particles use workers on
 * any node. Every node accepts jobs through its {@link JobManager}. One node holding every role is the
 * laptop mode; it runs exactly the code a cluster runs.
 */
public final class SamplingNode {

  public static final String DENOISER = "denoiser";
  public static final String REWARD = "reward";
  public static final String COORDINATOR = "coordinator";
  public static final String API = "api";
  /**
   * How the cluster role of a reward node started for one reward alone begins ({@code scores:vina-abl}), so that any
   * node can tell from the membership which rewards the cluster scores.
   */
  public static final String SCORES_ONLY = "scores:";

  /**
   * What a node is built from; tests pass fakes here. A node without the denoiser role never calls
   * {@code denoiserFactory}, one without the reward role never uses {@code oracles}; a coordinator keeps the
   * designs of one key ({@code designKeys}, the reward nodes' cache keys) together when it shares a request among
   * reward nodes.
   */
  public record Deps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracles oracles,
      EngineSettings settings, WorkerStats stats, Checkpoints checkpoints, DesignKeys designKeys) {

    /** Deps whose designs are one only when equal (see {@link DesignKeys}). */
    public Deps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracles oracles,
        EngineSettings settings, WorkerStats stats, Checkpoints checkpoints) {
      this(process, denoiserFactory, oracles, settings, stats, checkpoints, DesignKeys.IDENTITY);
    }

    /** Deps whose jobs keep no checkpoints. */
    public Deps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracles oracles,
        EngineSettings settings, WorkerStats stats) {
      this(process, denoiserFactory, oracles, settings, stats, Checkpoints.NONE);
    }

    /** Deps of a node with one oracle answering every reward, keeping no checkpoints. */
    public Deps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracle oracle,
        EngineSettings settings, WorkerStats stats) {
      this(process, denoiserFactory, RewardOracles.only(oracle), settings, stats, Checkpoints.NONE);
    }

    /** Deps of a node with one oracle answering every reward. */
    public Deps(DiffusionProcess process, Supplier<Denoiser> denoiserFactory, RewardOracle oracle,
        EngineSettings settings, WorkerStats stats, Checkpoints checkpoints) {
      this(process, denoiserFactory, RewardOracles.only(oracle), settings, stats, checkpoints);
    }
  }

  public static final String DENOISE_DISPATCHER = "svdd.denoise-dispatcher";

  private SamplingNode() {}

  /**
   * A worker that throws is restarted (after a back-off, so a worker that always throws does not spin),
   * keeping its address; it answers what it held with Busy first, so its requests are asked again.
   */
  static <T> Behavior<T> supervised(Behavior<T> worker) {
    return Behaviors.supervise(worker).onFailure(Exception.class,
        org.apache.pekko.actor.typed.SupervisorStrategy.restartWithBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2));
  }

  public static Behavior<JobManager.Command> create(Deps deps) {
    return Behaviors.setup(context -> {
      Set<String> roles = Cluster.get(context.getSystem()).selfMember().getRoles();
      if (roles.contains(DENOISER)) {
        for (int i = 0; i < deps.settings().denoiseWorkers(); i++) {
          ActorRef<DenoiseWorker.Command> worker = context.spawn(
              supervised(DenoiseWorker.create(deps.denoiserFactory(), deps.settings().batchPolicy(),
                  deps.settings().maxQueuedRows(), deps.stats())),
              "denoise-worker-" + i, DispatcherSelector.fromConfig(DENOISE_DISPATCHER));
          context.getSystem().receptionist().tell(Receptionist.register(DenoiseWorker.KEY, worker));
        }
      }
      if (roles.contains(REWARD)) {
        ActorRef<RewardWorker.Command> rewarder = context.spawn(
            supervised(RewardWorker.create(deps.oracles(), deps.settings().maxInFlight(),
                deps.settings().maxQueuedDesigns(), deps.stats())), "reward-worker");
        context.getSystem().receptionist().tell(Receptionist.register(
            deps.oracles().only().map(RewardWorker::keyFor).orElse(RewardWorker.KEY), rewarder));
      }
      Routing routing = new Routing(new WorkerPool<>(), new RewardPools(), deps.settings().requestTimeout(),
          deps.designKeys());
      if (roles.contains(COORDINATOR)) {
        context.spawn(WorkerDirectory.create(routing), "worker-directory");
      }
      context.spawn(CoordinatorWatch.create(), "coordinator-watch");
      Checkpoints checkpoints = deps.checkpoints() == Checkpoints.NONE ? Checkpoints.NONE
          : new QueuedCheckpoints(deps.checkpoints());
      ActorRef<ShardingEnvelope<JobCoordinator.Command>> jobs = ClusterSharding.get(context.getSystem()).init(
          Entity.of(JobEntity.KEY, entity -> JobEntity.create(entity.getEntityId(), deps.process(), routing,
              checkpoints, deps.settings().checkpointEvery(), deps.settings().maxFailureFraction()))
              .withRole(COORDINATOR));
      return JobManager.create(jobs, deps.settings().jobKeepAlive());
    });
  }
}
